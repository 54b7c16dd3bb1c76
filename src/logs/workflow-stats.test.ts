import { describe, expect, it } from "vitest";
import { emptyCounters, mergeWorkflowStats, percentileFromBuckets, TTFB_BUCKET_EDGES_MS } from "./workflow-stats.ts";

const buckets = (counts: Record<number, number>) => TTFB_BUCKET_EDGES_MS.map((_, i) => counts[i] ?? 0).concat(counts[-1] ?? 0);

describe("percentileFromBuckets", () => {
  it("reads the bucket edge that holds the rank", () => {
    // 10 answers: 6 within 50 ms (bucket 2), 4 within 1000 ms (bucket 9).
    const b = buckets({ 2: 6, 9: 4 });
    expect(percentileFromBuckets(b, 0.5)).toBe(50);
    expect(percentileFromBuckets(b, 0.95)).toBe(1000);
  });
  it("is null without data and unbounded past the last edge", () => {
    expect(percentileFromBuckets(buckets({}), 0.5)).toBeNull();
    expect(percentileFromBuckets(buckets({ [-1]: 1 }), 0.5)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("mergeWorkflowStats", () => {
  it("adds shards per workflow, exactly, and derives rates", () => {
    const a = { ...emptyCounters("w"), requests: 3, failed: 1, spendUsd: 0.5, hits: 1, misses: 1, ttfbBuckets: buckets({ 3: 2 }) };
    const b = { ...emptyCounters("w"), requests: 1, spendUsd: 0.25, misses: 1, ttfbBuckets: buckets({ 3: 1 }) };
    const [merged] = mergeWorkflowStats([[a], [b, emptyCounters("x")]]).filter((w) => w.workflow === "w");
    expect(merged).toMatchObject({ requests: 4, failed: 1, errorRate: 0.25, spendUsd: 0.75, ttfbP50Ms: 100 });
    expect(merged?.cache).toMatchObject({ hits: 1, misses: 2, hitRate: 1 / 3 });
  });
});
