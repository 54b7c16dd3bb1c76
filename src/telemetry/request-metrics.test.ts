import { describe, expect, it } from "vitest";
import { FAILED_ATTEMPT } from "../journal/sinks/sink-fixtures.ts";
import type { RequestLogRecord } from "../logs/log-record.ts";
import { type HistogramPoint, type NumberPoint, type OtlpMetric, requestMetrics } from "./request-metrics.ts";

const { requestBody: _body, ...failed } = FAILED_ATTEMPT;
const record = {
  id: "req_1",
  tenant: "acme",
  workflow: "chat",
  stream: true,
  outcome: "completed",
  error: null,
  servedBy: { provider: "backup", model: "m2" },
  usage: { promptTokens: 12, completionTokens: 300, totalTokens: 312, cachedPromptTokens: 0, cacheWriteTokens: 0, estimated: false },
  costUsd: 0.0042,
  timings: { firstByteMs: 30, firstDeltaMs: 35, lastDeltaMs: 1_400, completedMs: 1_500 },
  attempts: [
    { ...failed, provider: "primary", model: "m1", decision: "fallback" },
    { ...failed, provider: "primary", model: "m1", decision: "fallback" },
    { ...failed, provider: "backup", model: "m2", decision: "commit", errorClass: null },
  ],
} as unknown as RequestLogRecord;

const metricsOf = (over: Partial<RequestLogRecord> = {}) =>
  requestMetrics({ record: { ...record, ...over }, receivedAtMs: 1_700_000_000_000, servedProviderType: "openai", operation: "chat" });
const byName = (metrics: OtlpMetric[]) => Object.fromEntries(metrics.map((m) => [m.name, m]));
const points = (metric: OtlpMetric | undefined) => (metric && "histogram" in metric ? metric.histogram.dataPoints : []) as HistogramPoint[];
const sums = (metric: OtlpMetric | undefined) => (metric && "sum" in metric ? metric.sum.dataPoints : []) as NumberPoint[];
const attrs = (point: { attributes: Array<{ key: string; value: object }> } | undefined) =>
  Object.fromEntries((point?.attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));

describe("a request's OTLP metrics", () => {
  it("one DELTA observation each: the duration and time to first chunk in the conventions' second buckets, by workflow", () => {
    const metrics = byName(metricsOf());
    const [duration] = points(metrics["gen_ai.client.operation.duration"]);
    expect(metrics["gen_ai.client.operation.duration"]).toMatchObject({ unit: "s", histogram: { aggregationTemporality: 1 } });
    expect(duration).toMatchObject({ count: "1", sum: 1.5, startTimeUnixNano: "1700000000000000000", timeUnixNano: "1700000001500000000" });
    // 1.5 s falls in (1.28, 2.56]: the ninth bucket.
    expect(duration?.bucketCounts.indexOf("1")).toBe(8);
    expect(duration?.bucketCounts.filter((c) => c === "1")).toHaveLength(1);
    expect(attrs(duration)).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "chat",
      "gen_ai.response.model": "m2",
      "gateway.workflow": "chat",
      "gateway.tenant": "acme",
    });
    const [firstChunk] = points(metrics["gen_ai.client.operation.time_to_first_chunk"]);
    expect(firstChunk).toMatchObject({ sum: 0.035 });
    expect(firstChunk?.bucketCounts.indexOf("1")).toBe(2);
  });

  it("tokens by gen_ai.token.type, cost equal to the record's, failovers counted by target", () => {
    const metrics = byName(metricsOf());
    const tokens = points(metrics["gen_ai.client.token.usage"]);
    expect(tokens.map((p) => [attrs(p)["gen_ai.token.type"], p.sum])).toEqual([
      ["input", 12],
      ["output", 300],
    ]);
    // 300 tokens: (256, 1024], the sixth bucket.
    expect(tokens[1]?.bucketCounts.indexOf("1")).toBe(5);
    expect(sums(metrics["gateway.cost"])[0]?.asDouble).toBe(0.0042);
    expect(metrics["gateway.cost"]).toMatchObject({ unit: "USD", sum: { isMonotonic: true, aggregationTemporality: 1 } });
    const failovers = sums(metrics["gateway.failovers"]);
    expect(failovers.map((p) => [attrs(p)["gateway.attempt.provider"], attrs(p)["gen_ai.request.model"], p.asInt])).toEqual([
      ["primary", "m1", "2"],
    ]);
  });

  it("leaves out what did not happen: no first chunk without a stream, no tokens or cost unknown, no failover on one attempt", () => {
    const names = metricsOf({ stream: false, usage: null, costUsd: null, attempts: record.attempts.slice(2) }).map((m) => m.name);
    expect(names).toEqual(["gen_ai.client.operation.duration"]);
    const [point] = points(byName(metricsOf({ timings: { ...record.timings, completedMs: 100_000 } }))["gen_ai.client.operation.duration"]);
    // Past the last bound: the overflow bucket.
    expect(point?.bucketCounts.indexOf("1")).toBe(14);
  });
});
