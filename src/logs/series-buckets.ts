import { TTFB_BUCKET_EDGES_MS } from "./workflow-stats.ts";

/** Width of one time-series row: the index sums each minute's requests into one row per (workflow, target, key, outcome). */
export const SERIES_MINUTE_MS = 60_000;

/** Upper edges (ms) of the time-to-first-byte histogram: the workflow-stats edges, so both read alike. */
export const TTFT_EDGES_MS = TTFB_BUCKET_EDGES_MS;

/** Upper edges (ms) of the total-duration histogram: a whole answer runs longer than its first byte. */
export const DURATION_EDGES_MS = [
  50, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000, 30000, 60000, 120000, 300000,
] as const;
