import type { RetryPolicy } from "../config/schemas.ts";

/**
 * Delay before retry number `retry` (1 = first retry): exponential from `initialBackoffMs`,
 * capped at `maxBackoffMs`, with "equal jitter" (half fixed, half random) so synchronized
 * clients spread out without ever retrying immediately.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.initialBackoffMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxBackoffMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
