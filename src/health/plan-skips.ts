import type { HealthPolicy, Target } from "../config/schemas.ts";
import { circuitState, type TargetHealth, targetKey } from "./target-health.ts";

/** Which of a request's targets the breaker skips, and which it sends as half-open probes. */
export interface SkipPlan {
  /** Indexes (in the request's target order) the loop skips with `decision: "skip"`. */
  skip: Set<number>;
  /** Keys of half-open targets this request may probe; the caller takes a probe slot for each. */
  probes: string[];
}

export interface SkipPlanInput {
  targets: readonly Target[];
  policy: HealthPolicy;
  health: (key: string) => TargetHealth | undefined;
  /** Probes this isolate has in flight to a half-open target. */
  probesInFlight: (key: string) => number;
  nowMs: number;
}

/**
 * The pure routing decision of the breaker: an open target is skipped; a half-open one is tried
 * while it has a free probe slot, else skipped. When every target would be skipped the request
 * still tries the one that failed least recently (the likeliest to have recovered), so it is
 * answered by an upstream rather than refused with no attempt.
 */
export function planSkips(input: SkipPlanInput): SkipPlan {
  const skip = new Set<number>();
  const probes: string[] = [];
  const seen = new Set<string>();
  for (const [index, target] of input.targets.entries()) {
    const key = targetKey(target);
    const state = circuitState(input.health(key), input.policy.openMs, input.nowMs);
    if (state === "open") skip.add(index);
    else if (state === "half_open") {
      // A target named twice in one workflow takes one probe slot.
      const free = seen.has(key) || input.probesInFlight(key) < input.policy.halfOpenProbes;
      if (!free) skip.add(index);
      else if (!seen.has(key)) probes.push(key);
    }
    seen.add(key);
  }
  if (skip.size === input.targets.length && input.targets.length > 0) skip.delete(leastRecentlyFailed(input));
  return { skip, probes };
}

function leastRecentlyFailed(input: SkipPlanInput): number {
  let best = 0;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const [index, target] of input.targets.entries()) {
    const at = input.health(targetKey(target))?.lastFailureAt ?? Number.NEGATIVE_INFINITY;
    if (at < bestAt) {
      best = index;
      bestAt = at;
    }
  }
  return best;
}
