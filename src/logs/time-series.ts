import { z } from "zod";
import { percentileOf } from "./histogram.ts";
import type { LogOutcome } from "./log-record.ts";
import { DURATION_EDGES_MS, SERIES_MINUTE_MS, TTFT_EDGES_MS } from "./series-buckets.ts";
import type { SeriesCell } from "./series-rows.ts";

/** Longest range a chart may ask for, and most points it may get: a read stays a bounded scan. */
export const SERIES_MAX_RANGE_MS = 31 * 24 * 3600 * 1000;
export const SERIES_MAX_POINTS = 1440;
const OUTCOMES: LogOutcome[] = ["completed", "failed_before_output", "failed_after_output", "client_aborted", "rejected"];

/** A time as epoch milliseconds or an ISO 8601 date-time. */
const instant = z.union([
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
]);

/** `GET …/timeseries` query, before defaults and alignment. */
export const seriesQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  /** Seconds per point, a whole number of minutes; by default the range over 60 points. */
  step: z.coerce.number().int().min(60).max(86_400).multipleOf(60).optional(),
  workflow: z.string().min(1).max(300).optional(),
  target: z.string().min(1).max(300).optional(),
  key: z.string().min(1).max(100).optional(),
});

/** A query resolved to whole steps: `points` slots of `stepMinutes`, the first starting at `fromMinute`. */
export interface SeriesWindow {
  fromMinute: number;
  stepMinutes: number;
  points: number;
  workflow: string | null;
  target: string | null;
  key: string | null;
}

/** Defaults (the last hour), the step, and alignment to whole steps; a message when the range is out of bounds. */
export function seriesWindow(query: z.output<typeof seriesQuery>, nowMs: number): SeriesWindow | string {
  const to = query.to ?? nowMs;
  const from = query.from ?? to - 3600_000;
  if (!(from < to)) return "from must be before to.";
  if (to - from > SERIES_MAX_RANGE_MS) return `The range may span ${SERIES_MAX_RANGE_MS / 86_400_000} days at most.`;
  const stepMinutes = query.step ? query.step / 60 : Math.max(1, Math.ceil((to - from) / SERIES_MINUTE_MS / 60));
  const stepMs = stepMinutes * SERIES_MINUTE_MS;
  const fromMinute = Math.floor(from / stepMs) * stepMinutes;
  const points = Math.ceil(to / stepMs) - fromMinute / stepMinutes;
  if (points > SERIES_MAX_POINTS) return `At most ${SERIES_MAX_POINTS} points: use a larger step.`;
  return { fromMinute, stepMinutes, points, workflow: query.workflow ?? null, target: query.target ?? null, key: query.key ?? null };
}

function add(into: number[], from: number[]): void {
  for (const [i, n] of from.entries()) into[i] = (into[i] ?? 0) + n;
}

/** The shards' cells added into one point per step (empty steps included), with rates and percentiles. */
export function seriesPoints(window: SeriesWindow, shards: SeriesCell[][]) {
  const slots = Array.from({ length: window.points }, () => ({
    byOutcome: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<LogOutcome, number>,
    tokens: 0,
    costUsd: 0,
    cacheHits: 0,
    cacheMisses: 0,
    costSavedUsd: 0,
    failovers: 0,
    breakerSkips: 0,
    ttft: new Array<number>(TTFT_EDGES_MS.length + 1).fill(0),
    duration: new Array<number>(DURATION_EDGES_MS.length + 1).fill(0),
  }));
  for (const cell of shards.flat()) {
    const slot = slots[cell.slot];
    if (!slot) continue;
    slot.byOutcome[cell.outcome] = (slot.byOutcome[cell.outcome] ?? 0) + cell.requests;
    slot.tokens += cell.tokens;
    slot.costUsd += cell.costUsd;
    slot.cacheHits += cell.cacheHits;
    slot.cacheMisses += cell.cacheMisses;
    slot.costSavedUsd += cell.costSavedUsd;
    slot.failovers += cell.failovers;
    slot.breakerSkips += cell.breakerSkips;
    add(slot.ttft, cell.ttft);
    add(slot.duration, cell.duration);
  }
  const stepMs = window.stepMinutes * SERIES_MINUTE_MS;
  // JSON has no Infinity: a percentile past the last edge reads as null.
  const finite = (value: number | null) => (value === Number.POSITIVE_INFINITY ? null : value);
  const percentiles = (edges: readonly number[], buckets: number[]) => ({
    p50: finite(percentileOf(edges, buckets, 0.5)),
    p95: finite(percentileOf(edges, buckets, 0.95)),
    p99: finite(percentileOf(edges, buckets, 0.99)),
  });
  return slots.map(({ ttft, duration, ...slot }, i) => {
    const lookups = slot.cacheHits + slot.cacheMisses;
    return {
      at: new Date(window.fromMinute * SERIES_MINUTE_MS + i * stepMs).toISOString(),
      requests: OUTCOMES.reduce((sum, o) => sum + slot.byOutcome[o], 0),
      failures: slot.byOutcome.failed_before_output + slot.byOutcome.failed_after_output,
      ...slot,
      cacheHitRate: lookups > 0 ? slot.cacheHits / lookups : null,
      ttftMs: percentiles(TTFT_EDGES_MS, ttft),
      durationMs: percentiles(DURATION_EDGES_MS, duration),
    };
  });
}
