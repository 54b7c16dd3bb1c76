import type { AttemptEvent } from "../attempts/attempt-events.ts";
import type { FailureKind } from "../attempts/attempt-failure.ts";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { OpenedMcpServer } from "../config/mcp-server-config.ts";
import { webhookUrlProblem } from "../webhooks/webhook-url.ts";
import { exchange } from "./call-upstream.ts";
import { RPC, type RpcAnswer, type RpcFailure, rpcFailure } from "./json-rpc.ts";
import { decideRetry, type McpFailureKind, urlIndexOf } from "./retry-decision.ts";

/** The provider type an MCP server's attempts and served target carry in the record. */
export const MCP_PROVIDER_TYPE = "mcp";

/** One request to one of the tenant's MCP servers, with the retry rule that applies to it. */
export interface ServerCall {
  server: OpenedMcpServer;
  /** The request's headers to the server (its own, unsealed, and the protocol's). */
  headers: Record<string, string>;
  /** The JSON-RPC request to send (id `UPSTREAM_ID`). */
  message: Record<string, unknown>;
  /** What the record names as the attempt's model: the tool, or the method. */
  label: string;
  /** May the request run twice? Asked only after a failure (so the happy path pays nothing to know). */
  retryable: () => Promise<boolean>;
  signal: AbortSignal;
  receivedAt: number;
  allowLoopback: boolean;
  emit: (event: AttemptEvent) => void;
}

export type ServerCallResult = { ok: true; answer: RpcAnswer; served: string } | { ok: false; failure: RpcFailure };

/** The record's failure class for each MCP failure. */
const ERROR_CLASS: Record<McpFailureKind, FailureKind> = {
  timeout: "first_event_timeout",
  network: "network",
  upstream_5xx: "http_status",
  upstream_4xx: "http_status",
  bad_answer: "invalid_response",
  interrupted: "network",
};

/**
 * Calls a server under the retry rule (`retry-decision.ts`): its own URL, then its backups, each
 * attempt bounded by the server's timeout and recorded with its decision. Every URL is checked
 * against the webhook rule (HTTPS to a public host) before it is called.
 */
export async function callServer(call: ServerCall): Promise<ServerCallResult> {
  const urls = [call.server.url, ...(call.server.backupUrls ?? [])];
  let retryable: boolean | null = null;
  for (let attempt = 0; ; attempt++) {
    const url = urls[urlIndexOf(attempt, urls.length)] as string;
    const startedAtMs = Date.now() - call.receivedAt;
    const base = {
      provider: call.server.name,
      model: call.label,
      startedAtMs,
      upstreamHeaders: null,
      droppedParams: [],
      requestBody: call.message,
    };
    call.emit({ type: "attempt_started", target: { provider: call.server.name, model: call.label } });
    const refused = webhookUrlProblem(url, call.allowLoopback);
    if (refused) {
      const reason = `the server's URL ${refused}`;
      ended(call, { ...base, firstByteMs: null, durationMs: 0, status: null, errorClass: "provider_missing", reason, decision: "fail" });
      return { ok: false, failure: rpcFailure(RPC.upstreamFailed, "upstream_refused_url", `MCP server '${call.server.name}': ${reason}.`) };
    }
    const result = await exchange({
      url,
      headers: call.headers,
      message: call.message,
      timeoutMs: call.server.timeoutMs,
      signal: call.signal,
    });
    const durationMs = Date.now() - call.receivedAt - startedAtMs;
    if (result.ok) {
      const record = { ...base, firstByteMs: startedAtMs + durationMs, durationMs, status: result.status, errorClass: null, reason: null };
      ended(call, { ...record, decision: "commit" });
      return { ok: true, answer: result.answer, served: url };
    }
    if (!call.signal.aborted && retryable === null && result.failure !== "interrupted" && result.failure !== "upstream_4xx")
      retryable = await call.retryable().catch(() => false);
    const decision = call.signal.aborted
      ? "fail"
      : decideRetry({ failure: result.failure, retryable: retryable ?? false, attempts: attempt + 1, urls: urls.length });
    ended(call, {
      ...base,
      firstByteMs: result.gotBytes ? startedAtMs : null,
      durationMs,
      status: result.status,
      errorClass: ERROR_CLASS[result.failure],
      reason: `${result.failure}: ${result.reason}`,
      decision,
    });
    if (decision === "fail") {
      // The client left: its record says so (499, `client_aborted`), not that the server failed.
      if (call.signal.aborted)
        return {
          ok: false,
          failure: { ...rpcFailure(RPC.internalError, "client_closed_request", "The client closed the request."), status: 499 },
        };
      return { ok: false, failure: failureOf(call.server.name, result.failure, result.reason) };
    }
  }
}

function ended(call: ServerCall, attempt: AttemptRecord): void {
  call.emit({ type: "attempt_ended", attempt, providerType: MCP_PROVIDER_TYPE });
}

/** The client's error for a server that gave no answer: timeout, a broken stream, or any other failure. */
function failureOf(server: string, kind: McpFailureKind, reason: string): RpcFailure {
  const message = `MCP server '${server}' failed: ${reason.slice(0, 200)}`;
  if (kind === "timeout") return rpcFailure(RPC.upstreamTimeout, "upstream_timeout", message);
  if (kind === "interrupted") return rpcFailure(RPC.upstreamInterrupted, "upstream_interrupted", message);
  return rpcFailure(RPC.upstreamFailed, "upstream_failed", message);
}
