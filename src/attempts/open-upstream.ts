import type { ProviderAdapter, ProviderCall } from "../providers/provider-adapter.ts";
import { type UpstreamAbort, untilAborted } from "../stream/upstream-abort.ts";
import { UpstreamTooLargeError } from "../stream/upstream-too-large.ts";
import { type AttemptFailure, attemptFailure } from "./attempt-failure.ts";
import type { AttemptOutcome } from "./attempt-outcome.ts";
import { isContextWindowRefusal } from "./context-window.ts";
import { readErrorBody } from "./read-error-body.ts";
import { parseRetryAfterMs } from "./retry-after.ts";

/** A thrown error as a failure, told apart by the abort cause the gateway recorded. */
export function failureFromThrown(error: unknown, abort: UpstreamAbort): AttemptFailure {
  switch (abort.cause) {
    case "first_event_timeout":
      return attemptFailure("first_event_timeout", "no first content event before firstEventMs");
    case "total_timeout":
      return attemptFailure("network", "aborted: the request's totalMs ran out");
    case "client_disconnected":
      return attemptFailure("network", "aborted: the client disconnected");
    case "idle_timeout":
    case "abandoned":
    case null:
      break;
  }
  // An answer over a size limit is not a network fault: the upstream spoke, but unusably.
  if (error instanceof UpstreamTooLargeError) return attemptFailure("invalid_response", error.message);
  const message = error instanceof Error ? error.message : String(error);
  return attemptFailure("network", `network error: ${message}`);
}

/** Sends the call. A non-2xx answer becomes a failed outcome carrying status, reason and body. */
export async function openUpstream(
  adapter: ProviderAdapter,
  call: ProviderCall,
  abort: UpstreamAbort,
): Promise<{ ok: true; response: Response; firstByteAt: number } | { ok: false; outcome: AttemptOutcome<never> }> {
  let firstByteAt: number | null = null;
  try {
    const response = await untilAborted(adapter.send(call), abort.signal);
    firstByteAt = Date.now();
    if (response.ok) return { ok: true, response, firstByteAt };
    const body = await untilAborted(readErrorBody(response), abort.signal);
    const kind = isContextWindowRefusal(response.status, body) ? "context_window_exceeded" : "http_status";
    const failure = attemptFailure(kind, `HTTP ${response.status}: ${adapter.errorMessage(body)}`, {
      status: response.status,
      retryAfterMs: parseRetryAfterMs(response.headers),
      body,
      contentType: response.headers.get("content-type"),
    });
    return { ok: false, outcome: { kind: "failed", failure, firstByteAt } };
  } catch (error) {
    return { ok: false, outcome: { kind: "failed", failure: failureFromThrown(error, abort), firstByteAt } };
  }
}
