import { GatewayError } from "../http/gateway-error.ts";
import { PUBLIC_REASON_MAX_CHARS } from "../platform-limits.ts";
import type { AttemptFailure } from "./attempt-failure.ts";
import type { AttemptLoopResult } from "./attempt-loop-types.ts";
import type { AttemptRecord } from "./attempt-record.ts";

/** A reason safe for clients: auth refusals may echo key fragments, so they are summarized. */
function publicReason(attempt: AttemptRecord): string {
  if (attempt.status === 401 || attempt.status === 403) return `HTTP ${attempt.status}: the provider refused the gateway's credentials`;
  const reason = attempt.reason ?? "failed";
  return reason.length > PUBLIC_REASON_MAX_CHARS ? `${reason.slice(0, PUBLIC_REASON_MAX_CHARS)}…` : reason;
}

/** "faux/status-503 (attempt 1): HTTP 503: …; faux/echo (attempt 1): …" */
export function describeAttempts(attempts: AttemptRecord[]): string {
  const perTarget = new Map<string, number>();
  return attempts
    .map((attempt) => {
      const name = `${attempt.provider}/${attempt.model}`;
      if (attempt.decision === "skip") return `${name}: ${attempt.reason}`;
      const n = (perTarget.get(name) ?? 0) + 1;
      perTarget.set(name, n);
      return `${name} (attempt ${n}): ${publicReason(attempt)}`;
    })
    .join("; ");
}

/** The client-facing error for a loop that ended without an answer. */
export function loopFailureError(
  result: Exclude<AttemptLoopResult<unknown>, { kind: "committed" } | { kind: "failed_closed" }>,
): GatewayError {
  const attempts = result.attempts;
  // Skipped targets were not tried: only real attempts say how the upstreams failed.
  const tried = attempts.filter((a) => a.decision !== "skip");
  switch (result.kind) {
    case "exhausted": {
      const every = (errorClass: AttemptRecord["errorClass"]) => tried.length > 0 && tried.every((a) => a.errorClass === errorClass);
      const refused = tried[0]?.param;
      if (refused && every("unsupported_parameter")) {
        // No target can honour the request as sent: the request, not the providers, must change.
        return new GatewayError({
          status: 400,
          type: "invalid_request_error",
          code: "unsupported_parameter",
          param: refused,
          publicMessage: `No target of this workflow supports the request: ${describeAttempts(attempts)}`,
        });
      }
      if (every("contract_violation")) {
        return new GatewayError({
          status: 502,
          type: "upstream_error",
          code: "response_contract_violation",
          publicMessage: `Every target's answer broke the response contract: ${describeAttempts(attempts)}`,
        });
      }
      const allTimedOut = every("first_event_timeout");
      return new GatewayError({
        status: allTimedOut ? 504 : 502,
        type: allTimedOut ? "timeout_error" : "upstream_error",
        code: allTimedOut ? "upstream_timeout" : "all_targets_failed",
        publicMessage: `${allTimedOut ? "Every target timed out" : "Every target failed"}: ${describeAttempts(attempts)}`,
      });
    }
    case "total_timeout":
      return new GatewayError({
        status: 504,
        type: "timeout_error",
        code: "total_timeout",
        publicMessage: `No answer within the workflow's totalMs.${attempts.length ? ` Attempts: ${describeAttempts(attempts)}` : ""}`,
      });
    case "client_aborted":
      return new GatewayError({
        status: 499,
        type: "invalid_request_error",
        code: "client_closed_request",
        publicMessage: "The client closed the request.",
      });
  }
}

/** A provider's error object in OpenAI's shape: OpenAI's own passes unchanged, Anthropic's and Gemini's gain the missing fields. */
function asOpenAIError(error: Record<string, unknown>, fallbackMessage: string) {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    message: text(error.message) ?? fallbackMessage,
    type: text(error.type) ?? "invalid_request_error",
    param: text(error.param),
    // Gemini puts the HTTP status in `code` and its name in `status`.
    code: text(error.code) ?? text(error.status),
  };
}

/**
 * An upstream refusal of the request itself (400/413/422), returned as it is: same status and
 * the provider's own message, in OpenAI's error shape whatever the provider's format.
 */
export function failedClosedResponse(failure: AttemptFailure): Response {
  const status = failure.status ?? 400;
  const fallbackMessage = `The provider refused the request: ${failure.reason}`;
  let error: unknown = null;
  try {
    error = (JSON.parse(failure.body ?? "") as { error?: unknown })?.error;
  } catch {
    // not JSON: wrapped below
  }
  const shaped =
    typeof error === "object" && error !== null
      ? asOpenAIError(error as Record<string, unknown>, fallbackMessage)
      : { message: fallbackMessage, type: "invalid_request_error", param: null, code: "upstream_rejected_request" };
  return Response.json({ error: shaped }, { status });
}
