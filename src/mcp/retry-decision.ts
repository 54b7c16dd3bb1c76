/**
 * The retry rule of a tool call, the same as for models: recovery is free only before anything
 * came back. A call is retried (same URL) or failed over (next URL) only when it failed before
 * any result and the tool is safe to run twice (the spec's `readOnlyHint`/`idempotentHint`, or the
 * admin's `idempotentTools`). A call that may have run is never repeated: the gateway cannot tell
 * a refused connection from a request the server received, so a non-idempotent call gets one attempt.
 */

/** How an attempt at an MCP server failed. */
export type McpFailureKind =
  /** No answer within the server's timeout. */
  | "timeout"
  /** The connection failed or dropped before any byte of the answer. */
  | "network"
  /** 5xx (and 408, 429): the server could not answer now. */
  | "upstream_5xx"
  /** Any other 4xx: the server refused the request; another try gets the same. */
  | "upstream_4xx"
  /** 2xx whose body is not the JSON-RPC answer (or too large). */
  | "bad_answer"
  /** The answer's stream broke after its first bytes: committed, never stitched. */
  | "interrupted";

/** An MCP server's HTTP refusal: 5xx, 408 and 429 mean "not now" (worth another try); any other 4xx, "not this". */
export function failureOfStatus(status: number): "upstream_5xx" | "upstream_4xx" {
  return status >= 500 || status === 408 || status === 429 ? "upstream_5xx" : "upstream_4xx";
}

export type McpDecision = "retry" | "fallback" | "fail";

export interface RetryInput {
  failure: McpFailureKind;
  /** The tool (or method) may run twice. */
  retryable: boolean;
  /** Attempts made so far, the failed one included. */
  attempts: number;
  /** The server's URLs: its own first, then its backups. */
  urls: number;
}

/** Attempts a retryable call may make: every URL once, and the only URL twice. */
export function maxAttempts(urls: number): number {
  return Math.max(2, urls);
}

/** The URL (index) of attempt `n` (0-based): its own, then each backup, the last one repeated. */
export function urlIndexOf(attempt: number, urls: number): number {
  return Math.min(attempt, urls - 1);
}

/** After a failed attempt: try again (the same URL or the next), or fail. */
export function decideRetry({ failure, retryable, attempts, urls }: RetryInput): McpDecision {
  if (!retryable || failure === "interrupted" || failure === "upstream_4xx" || attempts >= maxAttempts(urls)) return "fail";
  return urlIndexOf(attempts, urls) === urlIndexOf(attempts - 1, urls) ? "retry" : "fallback";
}

/** Is a tool safe to call twice, by its annotations or the admin's list? */
export function toolIsRetryable(annotations: unknown, tool: string, idempotentTools: readonly string[] | undefined): boolean {
  if (idempotentTools?.includes(tool)) return true;
  if (typeof annotations !== "object" || annotations === null) return false;
  const hints = annotations as { readOnlyHint?: unknown; idempotentHint?: unknown };
  return hints.readOnlyHint === true || hints.idempotentHint === true;
}
