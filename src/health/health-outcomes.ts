import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { HealthPolicy } from "../config/schemas.ts";
import type { HealthOutcome } from "./target-health.ts";

/** Statuses that say the upstream could not serve now (its fault, not the request's). */
const UPSTREAM_FAULT_STATUSES = new Set([408, 425, 429]);

/**
 * Does this failed attempt count against its target? Only upstream failures do: 5xx, 429, 408,
 * timeouts, network errors, error events, unusable answers. A refusal of the request (4xx), a
 * contract violation (the model's answer, not the upstream's health), a missing provider or an
 * unsupported parameter (configuration) say nothing about the upstream.
 */
export function isUpstreamFailure(attempt: AttemptRecord): boolean {
  switch (attempt.errorClass) {
    case "network":
    case "first_event_timeout":
    case "error_event":
    case "invalid_response":
    case "ended_before_output":
      return true;
    case "http_status": {
      const status = attempt.status ?? 0;
      return status >= 500 || UPSTREAM_FAULT_STATUSES.has(status);
    }
    case "contract_violation":
    case "context_window_exceeded":
    case "unsupported_parameter":
    case "provider_missing":
    case "circuit_open":
    case null:
      return false;
    default: {
      const unreachable: never = attempt.errorClass;
      throw new Error(`unknown error class ${String(unreachable)}`);
    }
  }
}

/** What an ended request's health outcomes are read from (the journal's state has it): health/ needs no journal type. */
export interface EndedAttempts {
  receivedAt: number;
  attempts: AttemptRecord[];
  firstByteMs: number | null;
  ended: { outcome: string; disconnect: "client" | "upstream" | "gateway" | null } | null;
}

/**
 * The health outcomes of an ended request, one per attempt that says something about its target:
 * a commit is a success (with its first-event time) unless the upstream then dropped the stream;
 * skipped targets are left out; the attempt a departing client cut short is left out too.
 */
export function healthOutcomes(state: EndedAttempts, policy: HealthPolicy, endedAt: number): HealthOutcome[] {
  const outcomes: HealthOutcome[] = [];
  const clientLeft = state.ended?.outcome === "client_aborted";
  for (const [index, attempt] of state.attempts.entries()) {
    const last = index === state.attempts.length - 1;
    const at = state.receivedAt + attempt.startedAtMs + attempt.durationMs;
    const target = { provider: attempt.provider, model: attempt.model };
    if (attempt.decision === "commit") {
      const dropped = last && state.ended?.disconnect === "upstream";
      const firstEventMs = state.firstByteMs === null ? null : Math.max(0, state.firstByteMs - attempt.startedAtMs);
      outcomes.push({ ...target, at: dropped ? endedAt : at, ok: !dropped, firstEventMs: dropped ? null : firstEventMs, policy });
    } else if (!(last && clientLeft) && isUpstreamFailure(attempt)) {
      outcomes.push({ ...target, at, ok: false, firstEventMs: null, policy });
    }
  }
  return outcomes;
}
