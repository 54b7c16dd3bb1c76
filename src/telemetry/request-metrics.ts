import type { RequestLogRecord } from "../logs/log-record.ts";
import { attributesOf, type OtlpAttribute, unixNano } from "./otlp-json.ts";
import { gatewayResource } from "./request-spans.ts";
import { GATEWAY, GEN_AI, GENERAL, METRIC, SCOPE_NAME, TOKEN_TYPE } from "./span-attributes.ts";

/** `AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA`: each export counts one request, never a running total. */
export const DELTA = 1;

/** The conventions' advised bucket boundaries (seconds for durations, tokens for usage). */
const SECONDS_BOUNDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BOUNDS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

interface Window {
  startTimeUnixNano: string;
  timeUnixNano: string;
}

export interface HistogramPoint extends Window {
  attributes: OtlpAttribute[];
  count: string;
  sum: number;
  bucketCounts: string[];
  explicitBounds: number[];
}

export interface NumberPoint extends Window {
  attributes: OtlpAttribute[];
  asDouble?: number;
  asInt?: string;
}

/** One metric as OTLP's JSON encoding writes it: a histogram, or a monotonic sum (a counter). */
export type OtlpMetric = { name: string; unit: string } & (
  | { histogram: { dataPoints: HistogramPoint[]; aggregationTemporality: typeof DELTA } }
  | { sum: { dataPoints: NumberPoint[]; aggregationTemporality: typeof DELTA; isMonotonic: true } }
);

export interface ExportMetricsServiceRequest {
  resourceMetrics: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeMetrics: Array<{ scope: { name: string }; metrics: OtlpMetric[] }>;
  }>;
}

/** What the metrics are built from: the finished record and what it leaves out. */
export interface MetricSource {
  record: RequestLogRecord;
  receivedAtMs: number;
  servedProviderType: string | null;
  operation: string;
}

/** One observation as a DELTA histogram point: count 1, in the bucket its value falls in. */
function observation(value: number, bounds: number[], attributes: OtlpAttribute[], window: Window): HistogramPoint {
  const bucket = bounds.findIndex((bound) => value <= bound);
  const bucketCounts = Array.from({ length: bounds.length + 1 }, (_, i) => (i === (bucket < 0 ? bounds.length : bucket) ? "1" : "0"));
  return { ...window, attributes, count: "1", sum: value, bucketCounts, explicitBounds: bounds };
}

/** Failed-over attempts per target (provider and model): what "failover count by workflow and target" counts. */
function failoversByTarget(record: RequestLogRecord): Map<string, { provider: string; model: string; count: number }> {
  const byTarget = new Map<string, { provider: string; model: string; count: number }>();
  for (const { provider, model, decision } of record.attempts) {
    if (decision !== "fallback") continue;
    const key = `${provider}\u0000${model}`;
    const seen = byTarget.get(key) ?? { provider, model, count: 0 };
    byTarget.set(key, { ...seen, count: seen.count + 1 });
  }
  return byTarget;
}

/**
 * One request as OTLP metrics, DELTA temporality (each export is this request alone, so nothing is
 * kept between requests): its duration, time to first chunk (streams), token usage, cost and
 * failovers, by workflow and target. A pure function of the finished record, like the spans.
 */
export function requestMetrics({ record, receivedAtMs, servedProviderType, operation }: MetricSource): OtlpMetric[] {
  const window = { startTimeUnixNano: unixNano(receivedAtMs), timeUnixNano: unixNano(receivedAtMs + record.timings.completedMs) };
  const common = {
    [GEN_AI.operationName]: operation,
    [GEN_AI.providerName]: servedProviderType ?? record.servedBy?.provider,
    [GEN_AI.requestModel]: record.workflow,
    [GEN_AI.responseModel]: record.servedBy?.model,
    [GATEWAY.tenant]: record.tenant,
    [GATEWAY.workflow]: record.workflow,
  };
  const attributes = attributesOf({ ...common, [GENERAL.errorType]: record.error ? (record.error.code ?? record.error.type) : null });
  const histogram = (metric: { name: string; unit: string }, dataPoints: HistogramPoint[]): OtlpMetric => ({
    ...metric,
    histogram: { dataPoints, aggregationTemporality: DELTA },
  });
  const counter = (metric: { name: string; unit: string }, dataPoints: NumberPoint[]): OtlpMetric => ({
    ...metric,
    sum: { dataPoints, aggregationTemporality: DELTA, isMonotonic: true },
  });
  const metrics = [
    histogram(METRIC.operationDuration, [observation(record.timings.completedMs / 1_000, SECONDS_BOUNDS, attributes, window)]),
  ];
  const firstChunkMs = record.timings.firstDeltaMs ?? record.timings.firstByteMs;
  if (record.stream && firstChunkMs !== null)
    metrics.push(histogram(METRIC.timeToFirstChunk, [observation(firstChunkMs / 1_000, SECONDS_BOUNDS, attributes, window)]));
  if (record.usage) {
    const tokens = (type: string, count: number) =>
      observation(count, TOKEN_BOUNDS, attributesOf({ ...common, [TOKEN_TYPE.attribute]: type }), window);
    metrics.push(
      histogram(METRIC.tokenUsage, [
        tokens(TOKEN_TYPE.input, record.usage.promptTokens),
        tokens(TOKEN_TYPE.output, record.usage.completionTokens),
      ]),
    );
  }
  if (record.costUsd !== null)
    metrics.push(counter(METRIC.cost, [{ ...window, attributes: attributesOf(common), asDouble: record.costUsd }]));
  const failovers = [...failoversByTarget(record).values()].map(({ provider, model, count }) => ({
    ...window,
    attributes: attributesOf({
      [GATEWAY.tenant]: record.tenant,
      [GATEWAY.workflow]: record.workflow,
      [GATEWAY.attemptProvider]: provider,
      [GEN_AI.requestModel]: model,
    }),
    asInt: String(count),
  }));
  if (failovers.length) metrics.push(counter(METRIC.failovers, failovers));
  return metrics;
}

/** One OTLP metrics export, under the gateway's resource and scope. */
export function metricsRequest(metrics: OtlpMetric[]): ExportMetricsServiceRequest {
  return { resourceMetrics: [{ resource: gatewayResource(), scopeMetrics: [{ scope: { name: SCOPE_NAME }, metrics }] }] };
}
