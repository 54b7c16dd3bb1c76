import type { RetryPolicy } from "../config/schemas.ts";
import type { AttemptFailure } from "./attempt-failure.ts";

/**
 * What a failure allows: try the same target again, move to the next target without retrying
 * this one, or stop (the request itself is at fault, so every provider would refuse it).
 * `next_target_or_refuse` moves on when there is a next target, and otherwise returns the
 * upstream's refusal as is (a prompt over this target's context window).
 */
export type FailureAction = "retry" | "next_target" | "next_target_or_refuse" | "fail_closed";

/** Statuses that describe the request itself: returned as they are, no failover. */
const REQUEST_FAULT_STATUSES = new Set([400, 413, 422]);
/** Transient statuses worth retrying on the same target (529: Anthropic's "overloaded"). */
const TRANSIENT_STATUSES = new Set([408, 409, 425, 429]);

/**
 * Pure classification of one attempt's failure. A timeout before the first event moves on by
 * default (waiting again on a target that did not answer only multiplies the wait);
 * `retry.onTimeout: "same"` retries it like a 5xx.
 */
export function classifyFailure(failure: AttemptFailure, retry: Pick<RetryPolicy, "onTimeout"> = {}): FailureAction {
  switch (failure.kind) {
    case "first_event_timeout":
      return retry.onTimeout === "same" ? "retry" : "next_target";
    case "context_window_exceeded":
      return "next_target_or_refuse";
    case "network":
    case "error_event":
    case "invalid_response":
    case "ended_before_output":
    // Sampling differs between tries, so a retry may comply; then the next target.
    case "contract_violation":
      return "retry";
    case "provider_missing":
    // Another provider may support the parameter; when none does the client gets a 400.
    case "unsupported_parameter":
      return "next_target";
    case "http_status": {
      const status = failure.status ?? 0;
      if (REQUEST_FAULT_STATUSES.has(status)) return "fail_closed";
      if (TRANSIENT_STATUSES.has(status) || status >= 500) return "retry";
      // 401/403/404 and other 4xx: this target cannot serve, another may.
      return "next_target";
    }
    default: {
      const unreachable: never = failure.kind;
      throw new Error(`unclassified failure ${String(unreachable)}`);
    }
  }
}
