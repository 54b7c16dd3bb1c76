import { TTFB_BUCKET_EDGES_MS } from "./workflow-stats.ts";

/** Width of one time-series row: the index sums each minute's requests into one row per (workflow, target, key, outcome). */
export const SERIES_MINUTE_MS = 60_000;

/** Upper edges (ms) of the time-to-first-byte histogram: the workflow-stats edges, so both read alike. */
export const TTFT_EDGES_MS = TTFB_BUCKET_EDGES_MS;

/** Upper edges (ms) of the total-duration histogram: a whole answer runs longer than its first byte. */
export const DURATION_EDGES_MS = [
  50, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000, 30000, 60000, 120000, 300000,
] as const;

/** The histogram bucket a time falls in: the first edge at or above it, or the last bucket (slower than every edge). */
export function bucketIndex(edges: readonly number[], valueMs: number): number {
  const at = edges.findIndex((edge) => valueMs <= edge);
  return at === -1 ? edges.length : at;
}

/**
 * The smallest edge at or below which `share` (0–1) of the counted values fall; null without
 * data or when the rank lands past the last edge (JSON has no Infinity: the histogram says more).
 */
export function percentileOf(edges: readonly number[], buckets: readonly number[], share: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (const [i, count] of buckets.entries()) {
    seen += count;
    if (seen >= rank) return edges[i] ?? null;
  }
  return null;
}
