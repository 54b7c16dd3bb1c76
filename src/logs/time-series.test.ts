import { describe, expect, it } from "vitest";
import { bucketIndex, percentileOf } from "./histogram.ts";
import type { LogSummary } from "./log-record.ts";
import { TTFT_EDGES_MS } from "./series-buckets.ts";
import { type SeriesCell, seriesValues } from "./series-rows.ts";
import { seriesPoints, seriesQuery, seriesWindow } from "./time-series.ts";

const NOW = Date.parse("2026-12-07T10:30:20Z");
const summary: LogSummary = {
  id: "req_x",
  receivedAt: "2026-12-07T10:29:59.999Z",
  workflow: "wf",
  keyId: "key_1",
  clientRequestId: null,
  stream: true,
  outcome: "completed",
  httpStatus: 200,
  servedBy: { provider: "backup", model: "m" },
  attempts: 3,
  cache: "MISS",
  completedMs: 1200,
  firstByteMs: 80,
  totalTokens: 12,
  costUsd: 0.5,
  costSavedUsd: null,
  failovers: 1,
  breakerSkips: 1,
};

function cell(slot: number, outcome: SeriesCell["outcome"], requests: number, ttftBucket: number): SeriesCell {
  const ttft = new Array(TTFT_EDGES_MS.length + 1).fill(0);
  ttft[ttftBucket] = requests;
  return {
    slot,
    outcome,
    requests,
    tokens: 10 * requests,
    costUsd: 0.25 * requests,
    cacheHits: outcome === "completed" ? requests : 0,
    cacheMisses: outcome === "completed" ? 0 : requests,
    costSavedUsd: 0.1,
    failovers: 1,
    breakerSkips: 0,
    ttft,
    duration: new Array(18).fill(0),
  };
}

describe("time series", () => {
  it("a summary adds one request to its minute, target and outcome, with one histogram bucket each; -1 takes it back", () => {
    const values = seriesValues(summary);
    expect(values.slice(0, 13)).toEqual([
      Math.floor(Date.parse(summary.receivedAt) / 60_000),
      "wf",
      "backup/m",
      "key_1",
      "completed",
      1,
      12,
      0.5,
      0,
      1,
      0,
      1,
      1,
    ]);
    const ttft = values.slice(13, 13 + TTFT_EDGES_MS.length + 1);
    expect(ttft.indexOf(1)).toBe(TTFT_EDGES_MS.indexOf(100));
    expect(ttft.reduce((a, b) => Number(a) + Number(b), 0)).toBe(1);
    expect(seriesValues(summary, -1).slice(5, 13)).toEqual([-1, -12, -0.5, -0, -1, -0, -1, -1]);
    expect(seriesValues({ ...summary, workflow: null, servedBy: null, keyId: null }).slice(1, 4)).toEqual(["", "", ""]);
  });

  it("buckets and percentiles read at the bucket's upper edge; past the last edge is Infinity (null in the API)", () => {
    expect(bucketIndex(TTFT_EDGES_MS, 10)).toBe(0);
    expect(bucketIndex(TTFT_EDGES_MS, 11)).toBe(1);
    expect(bucketIndex(TTFT_EDGES_MS, 99_999)).toBe(TTFT_EDGES_MS.length);
    expect(percentileOf([10, 20], [1, 0, 0], 0.99)).toBe(10);
    expect(percentileOf([10, 20], [1, 1, 0], 0.5)).toBe(10);
    expect(percentileOf([10, 20], [1, 1, 0], 0.95)).toBe(20);
    expect(percentileOf([10, 20], [0, 0, 5], 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(percentileOf([10, 20], [0, 0, 0], 0.5)).toBeNull();
  });

  it("the window defaults to the last hour in 60 one-minute points, aligned to whole steps", () => {
    const window = seriesWindow(seriesQuery.parse({}), NOW);
    expect(window).toMatchObject({ stepMinutes: 1, points: 61, fromMinute: Math.floor((NOW - 3600_000) / 60_000) });
    const day = seriesWindow(seriesQuery.parse({ from: String(NOW - 86_400_000), to: new Date(NOW).toISOString(), step: "3600" }), NOW);
    expect(day).toMatchObject({ stepMinutes: 60, points: 25 });
  });

  it("refuses ranges that are empty, too long, or too finely stepped, and steps that are not whole minutes", () => {
    expect(seriesWindow(seriesQuery.parse({ from: String(NOW), to: String(NOW) }), NOW)).toMatch(/before/);
    expect(seriesWindow(seriesQuery.parse({ from: String(NOW - 40 * 86_400_000) }), NOW)).toMatch(/31 days/);
    expect(seriesWindow(seriesQuery.parse({ from: String(NOW - 7 * 86_400_000), step: "60" }), NOW)).toMatch(/1440 points/);
    expect(seriesQuery.safeParse({ step: "90" }).success).toBe(false);
    expect(seriesQuery.safeParse({ from: "yesterday" }).success).toBe(false);
    expect(seriesQuery.safeParse({ limit: "3" }).success).toBe(false);
  });

  it("adds the shards' cells per step, keeps empty steps as zeros, and reads rates and percentiles off the sums", () => {
    const window = { fromMinute: 100, stepMinutes: 5, points: 3, workflow: null, target: null, key: null };
    const points = seriesPoints(window, [
      [cell(0, "completed", 3, 0), cell(0, "failed_before_output", 1, 3)],
      [cell(0, "completed", 1, 0), cell(2, "rejected", 2, 1), cell(9, "completed", 50, 0)],
    ]);
    expect(points).toHaveLength(3);
    expect(points.map((p) => p.at)).toEqual([100, 105, 110].map((m) => new Date(m * 60_000).toISOString()));
    expect(points[0]).toMatchObject({ requests: 5, failures: 1, tokens: 50, costUsd: 1.25, cacheHits: 4, cacheMisses: 1, failovers: 3 });
    expect(points[0]?.byOutcome).toMatchObject({ completed: 4, failed_before_output: 1 });
    expect(points[0]?.cacheHitRate).toBe(0.8);
    expect(points[0]?.ttftMs).toEqual({ p50: 10, p95: 100, p99: 100 });
    expect(points[1]).toMatchObject({ requests: 0, cacheHitRate: null, ttftMs: { p50: null, p95: null, p99: null } });
    expect(points[2]).toMatchObject({ requests: 2, failures: 0 });
  });
});
