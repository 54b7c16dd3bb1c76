/**
 * When a failed webhook delivery is tried again: Standard Webhooks' schedule by default (5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each failure), or `WEBHOOK_RETRY_DELAYS_MS`.
 */

export const DEFAULT_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** Each delay is moved by up to this share either way, so failed deliveries do not retry in lockstep. */
export const RETRY_JITTER = 0.2;

/** `WEBHOOK_RETRY_DELAYS_MS` (comma-separated ms); the default schedule when unset or malformed. */
export function retryDelays(env: { WEBHOOK_RETRY_DELAYS_MS?: string }): number[] {
  const text = env.WEBHOOK_RETRY_DELAYS_MS?.trim();
  if (!text) return DEFAULT_RETRY_DELAYS_MS;
  const delays = text.split(",").map((part) => Number(part.trim()));
  return delays.every((d) => Number.isFinite(d) && d >= 0) ? delays : DEFAULT_RETRY_DELAYS_MS;
}

/**
 * The wait before the next attempt after `failedAttempts` failures (≥ 1), jittered by ±20%
 * (`random` in [0, 1)), or null when the schedule is used up: the delivery is dead.
 */
export function retryDelayAfter(failedAttempts: number, delays: number[], random: number): number | null {
  const base = delays[failedAttempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 + RETRY_JITTER * (2 * random - 1)));
}
