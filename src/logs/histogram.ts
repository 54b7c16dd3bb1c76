/**
 * Fixed-edge histograms: counts per bucket add up exactly across shards and minutes, so a
 * percentile over any merge is read off the summed counts, as "at most this bucket's edge".
 */

/** The bucket a value falls in: the first edge at or above it, or the last bucket (past every edge). */
export function bucketIndex(edges: readonly number[], value: number): number {
  const at = edges.findIndex((edge) => value <= edge);
  return at === -1 ? edges.length : at;
}

/** The smallest edge at or below which `share` (0–1) of the counted values fall; Infinity past the last edge, null without data. */
export function percentileOf(edges: readonly number[], buckets: readonly number[], share: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (const [i, count] of buckets.entries()) {
    seen += count;
    if (seen >= rank) return edges[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}
