import { type CacheStats, mergeCacheStats } from "../cache/cache-stats.ts";
import { percentileOf } from "./histogram.ts";

/**
 * Upper edges (ms) of the time-to-first-byte histogram buckets; a last bucket holds the rest.
 * Shards answer bucket counts rather than raw times so an answer stays small however busy the
 * tenant is, and counts from several shards add up exactly; percentiles are then read off the
 * merged histogram, as "at most this bucket's edge".
 */
export const TTFB_BUCKET_EDGES_MS = [10, 25, 50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000] as const;

/** One workflow's counters from one index shard (or, merged, from all of them). */
export interface WorkflowCounters extends CacheStats {
  workflow: string;
  requests: number;
  /** Requests that ended `failed_before_output` or `failed_after_output`. */
  failed: number;
  /** Requests the gateway refused (`rejected`: bad input, limits) — the client's error, not an upstream's. */
  rejected: number;
  clientAborted: number;
  spendUsd: number;
  /** Counts per bucket of `TTFB_BUCKET_EDGES_MS`, plus one for slower answers. */
  ttfbBuckets: number[];
}

export function emptyCounters(workflow: string): WorkflowCounters {
  return {
    workflow,
    requests: 0,
    failed: 0,
    rejected: 0,
    clientAborted: 0,
    spendUsd: 0,
    hits: 0,
    misses: 0,
    bypasses: 0,
    tokensSaved: 0,
    costSavedUsd: 0,
    ttfbBuckets: new Array(TTFB_BUCKET_EDGES_MS.length + 1).fill(0),
  };
}

/** The SQL expression that names a `firstByteMs` value's bucket index. */
export function ttfbBucketSql(column: string): string {
  const cases = TTFB_BUCKET_EDGES_MS.map((edge, i) => `WHEN ${column} <= ${edge} THEN ${i}`).join(" ");
  return `CASE ${cases} ELSE ${TTFB_BUCKET_EDGES_MS.length} END`;
}

/** The smallest bucket edge at or below which `share` (0–1) of the counted answers started; null without data. */
export function percentileFromBuckets(buckets: number[], share: number): number | null {
  return percentileOf(TTFB_BUCKET_EDGES_MS, buckets, share);
}

/** Adds the shards' counters per workflow and derives rates and percentiles. */
export function mergeWorkflowStats(shards: WorkflowCounters[][]) {
  const byName = new Map<string, WorkflowCounters>();
  for (const part of shards.flat()) {
    const sum = byName.get(part.workflow) ?? emptyCounters(part.workflow);
    sum.requests += part.requests;
    sum.failed += part.failed;
    sum.rejected += part.rejected;
    sum.clientAborted += part.clientAborted;
    sum.spendUsd += part.spendUsd;
    for (const [i, count] of part.ttfbBuckets.entries()) sum.ttfbBuckets[i] = (sum.ttfbBuckets[i] ?? 0) + count;
    byName.set(part.workflow, { ...sum, ...addCache(sum, part) });
  }
  return [...byName.values()]
    .sort((a, b) => (a.workflow < b.workflow ? -1 : 1))
    .map(({ ttfbBuckets, hits, misses, bypasses, tokensSaved, costSavedUsd, ...counts }) => {
      const p50 = percentileFromBuckets(ttfbBuckets, 0.5);
      const p95 = percentileFromBuckets(ttfbBuckets, 0.95);
      return {
        ...counts,
        errorRate: counts.requests > 0 ? counts.failed / counts.requests : null,
        // JSON has no Infinity: an answer slower than the last edge reads as null with the histogram beside it.
        ttfbP50Ms: p50 === Number.POSITIVE_INFINITY ? null : p50,
        ttfbP95Ms: p95 === Number.POSITIVE_INFINITY ? null : p95,
        ttfbBuckets,
        cache: mergeCacheStats([{ hits, misses, bypasses, tokensSaved, costSavedUsd }]),
      };
    });
}

function addCache(a: CacheStats, b: CacheStats): CacheStats {
  return {
    hits: a.hits + b.hits,
    misses: a.misses + b.misses,
    bypasses: a.bypasses + b.bypasses,
    tokensSaved: a.tokensSaved + b.tokensSaved,
    costSavedUsd: a.costSavedUsd + b.costSavedUsd,
  };
}
