import type { Target } from "../config/schemas.ts";

/** FNV-1a over the id: a stable, well-spread 32-bit number per request id. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche so ids that differ only at the end still spread over the whole range.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/**
 * The index of the first target for this request, chosen by weight and deterministic per
 * request id (so a split can be checked, and a retried id routes the same way). A target
 * without a weight (or weight 0) is never chosen first: it serves only as failover.
 */
export function chooseWeighted(weights: readonly number[], requestId: string): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) return 0;
  let point = (hash32(requestId) / 2 ** 32) * total;
  for (const [index, weight] of weights.entries()) {
    if (point < weight) return index;
    point -= weight;
  }
  return weights.findLastIndex((w) => w > 0);
}

/** The request's target order: the weighted choice first, then the rest in the workflow's order for failover. */
export function weightedOrder<T extends Target>(targets: readonly T[], weights: readonly number[] | null, requestId: string): T[] {
  if (!weights) return [...targets];
  const first = chooseWeighted(weights, requestId);
  return [targets[first] as T, ...targets.filter((_, index) => index !== first)];
}
