import type { FailureAction } from "./classify-failure.ts";

/** What the loop does after a failed attempt. */
export type NextStep = { kind: "retry"; delayMs: number } | { kind: "fallback" } | { kind: "fail" };

export interface NextStepInput {
  action: FailureAction;
  /** 1-based attempt number on the current target. */
  attemptOfTarget: number;
  maxAttempts: number;
  /** What the upstream asked for, if anything. */
  retryAfterMs: number | null;
  /** Our own backoff for this retry. */
  backoffMs: number;
  /** Time left of the request's `totalMs`. */
  remainingMs: number;
  hasNextTarget: boolean;
  /**
   * The target is a half-open probe of the breaker and a later target can serve: one attempt
   * tells whether it recovered, so a probe of a target still down costs one failure, not `maxAttempts`.
   */
  probe?: boolean;
}

/**
 * The pure decision after a failed attempt. A `Retry-After` longer than the time left
 * moves on at once rather than sleeping into the total timeout; so does a failed half-open probe.
 */
export function decideNextStep(input: NextStepInput): NextStep {
  const moveOn: NextStep = input.hasNextTarget ? { kind: "fallback" } : { kind: "fail" };
  switch (input.action) {
    case "fail_closed":
      return { kind: "fail" };
    case "next_target":
    case "next_target_or_refuse":
      return moveOn;
    case "retry": {
      if (input.attemptOfTarget >= input.maxAttempts || input.probe) return moveOn;
      const delayMs = Math.max(input.backoffMs, input.retryAfterMs ?? 0);
      if (delayMs >= input.remainingMs) return moveOn;
      return { kind: "retry", delayMs };
    }
    default: {
      const unreachable: never = input.action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
}
