/** Why one upstream attempt failed before output. */
export type FailureKind =
  /** The connection failed or dropped before any content. */
  | "network"
  /** No first content event within `firstEventMs` (covers waiting for headers too). */
  | "first_event_timeout"
  /** The upstream answered with a non-2xx status. */
  | "http_status"
  /** A refusal saying the prompt is over this target's context window (`context-window.ts`). */
  | "context_window_exceeded"
  /** A 200 stream whose first meaningful event was an error. */
  | "error_event"
  /** A 200 whose body is not a usable answer. */
  | "invalid_response"
  /** The stream ended before any content and without `[DONE]`. */
  | "ended_before_output"
  /** A complete answer that breaks the workflow's response contract (not JSON, or not the schema). */
  | "contract_violation"
  /** The target's provider cannot honour a request parameter (`param` names it). */
  | "unsupported_parameter"
  /** The workflow names a provider the tenant does not have (any more), or one this deployment cannot reach (a missing binding). */
  | "provider_missing";

export interface AttemptFailure {
  kind: FailureKind;
  /** Upstream HTTP status, when there was one. */
  status: number | null;
  /** Human-readable reason (for the log and, shortened, the 502 message). */
  reason: string;
  /** From `retry-after` / `retry-after-ms`, when the upstream sent one. */
  retryAfterMs: number | null;
  /** The upstream error body, kept for fail-closed answers that are returned as they are. */
  body: string | null;
  contentType: string | null;
  /** The request parameter at fault (`unsupported_parameter`). */
  param?: string;
}

/** A failure with the optional fields defaulted. */
export function attemptFailure(kind: FailureKind, reason: string, extra: Partial<AttemptFailure> = {}): AttemptFailure {
  return { kind, reason, status: null, retryAfterMs: null, body: null, contentType: null, ...extra };
}
