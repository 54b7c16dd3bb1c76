/** Cache counters of one workflow over the log retention window. */
export interface CacheStats {
  hits: number;
  misses: number;
  bypasses: number;
  tokensSaved: number;
  costSavedUsd: number;
}

export const EMPTY_CACHE_STATS: CacheStats = { hits: 0, misses: 0, bypasses: 0, tokensSaved: 0, costSavedUsd: 0 };

/** Sums the index shards' counters and derives the hit rate (hits over reads: hits + misses). */
export function mergeCacheStats(parts: CacheStats[]): CacheStats & { hitRate: number | null } {
  const total = parts.reduce(
    (sum, part) => ({
      hits: sum.hits + part.hits,
      misses: sum.misses + part.misses,
      bypasses: sum.bypasses + part.bypasses,
      tokensSaved: sum.tokensSaved + part.tokensSaved,
      costSavedUsd: sum.costSavedUsd + part.costSavedUsd,
    }),
    EMPTY_CACHE_STATS,
  );
  const reads = total.hits + total.misses;
  return { ...total, hitRate: reads > 0 ? total.hits / reads : null };
}
