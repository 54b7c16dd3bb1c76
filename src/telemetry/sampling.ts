import type { RequestLogRecord } from "../logs/log-record.ts";

/**
 * Is this request's trace exported? Failures and failovers always are (they are what a trace is
 * looked up for); other requests by `sampleRatio`, decided by the trace id so every service that
 * samples the same trace by ratio keeps or drops it together.
 */
export function keepsTrace(record: RequestLogRecord, traceId: string, sampleRatio: number): boolean {
  if (record.outcome !== "completed" || record.attempts.length > 1) return true;
  if (sampleRatio >= 1) return true;
  // The trace id's last 7 bytes, as W3C Trace Context level 2 randomness, scaled to [0, 1).
  const random = Number.parseInt(traceId.slice(-14), 16) / 2 ** 56;
  return random < sampleRatio;
}
