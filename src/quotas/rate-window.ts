/** Admission verdict of a key limit. */
export type LimitVerdict = { ok: true } | { ok: false; limit: "requests_per_minute" | "monthly_budget"; retryAfterSeconds: number };

export const MINUTE_MS = 60_000;

/**
 * Sliding-window rate decision from two fixed one-minute buckets: the previous bucket counts in
 * proportion to how much of it still overlaps the last minute. Exact enough for limits, and it
 * needs two counters instead of a timestamp per request.
 */
export function rateVerdict(previous: number, current: number, elapsedInBucketMs: number, limit: number): LimitVerdict {
  const overlap = 1 - elapsedInBucketMs / MINUTE_MS;
  if (previous * overlap + current < limit) return { ok: true };
  // Waiting until the previous bucket has slid out far enough (or, if this bucket alone is full, until it ends).
  const waitMs =
    current >= limit
      ? MINUTE_MS - elapsedInBucketMs
      : Math.max(0, MINUTE_MS * (1 - (limit - current) / Math.max(previous, 1)) - elapsedInBucketMs);
  return { ok: false, limit: "requests_per_minute", retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** `YYYY-MM` of a time, in UTC: the budget's calendar month. */
export function monthOf(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 7);
}

/** The start of `nowMs`'s calendar month (UTC), in ms. */
export function monthStartMs(nowMs: number): number {
  const now = new Date(nowMs);
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
}

/** Over budget for this calendar month? Retry when the next month starts (UTC). */
export function budgetVerdict(spentUsd: number, budgetUsd: number, nowMs: number): LimitVerdict {
  if (spentUsd < budgetUsd) return { ok: true };
  const now = new Date(nowMs);
  const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return { ok: false, limit: "monthly_budget", retryAfterSeconds: Math.max(1, Math.ceil((nextMonth - nowMs) / 1000)) };
}
