import { describe, expect, it } from "vitest";
import { decodeMetricsJson, decodeMetricsProtobuf, decodeTracesJson, decodeTracesProtobuf } from "../../test/support/otlp-decode.ts";
import { FAILED_ATTEMPT } from "../journal/sinks/sink-fixtures.ts";
import type { RequestLogRecord } from "../logs/log-record.ts";
import { attributesOf, unixNano } from "./otlp-json.ts";
import { encodeMetricsProtobuf, encodeTracesProtobuf } from "./otlp-protobuf.ts";
import { metricsRequest, requestMetrics } from "./request-metrics.ts";
import { tracesRequest } from "./request-spans.ts";

const request = tracesRequest([
  {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "1111111111111111",
    parentSpanId: "00f067aa0ba902b7",
    traceState: "vendor=abc",
    name: "chat w",
    kind: 2,
    startTimeUnixNano: unixNano(1_700_000_000_000.25),
    endTimeUnixNano: unixNano(1_700_000_000_050),
    attributes: attributesOf({
      "gen_ai.request.stream": false,
      "gen_ai.usage.input_tokens": 0,
      "gateway.delta": -3,
      "gateway.cost_usd": { double: 0.000125 },
      "gen_ai.response.finish_reasons": ["stop", "length"],
      "gateway.tenant": "tënant ✓",
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "a long prompt ".repeat(40) }] }]),
    }),
    events: [
      { name: "gateway.commit", timeUnixNano: unixNano(1_700_000_000_030), attributes: attributesOf({ "gen_ai.response.model": "m2" }) },
    ],
    status: { code: 2, message: "upstream failed" },
  },
  {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "2222222222222222",
    parentSpanId: "1111111111111111",
    name: "chat m2",
    kind: 3,
    startTimeUnixNano: unixNano(1_700_000_000_001),
    endTimeUnixNano: unixNano(1_700_000_000_049),
    attributes: [],
    events: [],
    status: { code: 0 },
  },
]);

/**
 * The protobuf encoding read back by the OpenTelemetry project's own generated schema equals the
 * JSON encoding of the same request read by that schema: what a collector sees does not depend on
 * the tenant's `protocol`.
 */
describe("OTLP protobuf encoding", () => {
  it("decodes, with opentelemetry-proto's schema, to exactly what the JSON encoding says", () => {
    const fromProtobuf = decodeTracesProtobuf(encodeTracesProtobuf(request));
    expect(fromProtobuf).toEqual(decodeTracesJson(JSON.stringify(request)));
    const [server, client] = fromProtobuf.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    expect(server).toMatchObject({ parentSpanId: "00f067aa0ba902b7", traceState: "vendor=abc", startTimeUnixNano: "1700000000000250000" });
    // Defaults inside a oneof (false, 0) are still sent: an attribute set to false is not an attribute missing.
    expect(server?.attributes.slice(0, 3)).toEqual([
      { key: "gen_ai.request.stream", value: { boolValue: false } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "0" } },
      { key: "gateway.delta", value: { intValue: "-3" } },
    ]);
    expect(client).toMatchObject({ spanId: "2222222222222222", parentSpanId: "1111111111111111", kind: 3 });
  });

  it("encodes metrics (histograms with packed buckets, sums as double and int) to what their JSON encoding says", () => {
    const { requestBody: _body, ...attempt } = FAILED_ATTEMPT;
    const record = {
      tenant: "acme",
      workflow: "chat",
      stream: true,
      error: null,
      servedBy: { provider: "backup", model: "m2" },
      usage: { promptTokens: 12, completionTokens: 300, estimated: false },
      costUsd: 0.0042,
      timings: { firstByteMs: 30, firstDeltaMs: 35, lastDeltaMs: 1_400, completedMs: 1_500 },
      attempts: [
        { ...attempt, decision: "fallback" },
        { ...attempt, provider: "backup", decision: "commit" },
      ],
    } as unknown as RequestLogRecord;
    const metrics = metricsRequest(
      requestMetrics({ record, receivedAtMs: 1_700_000_000_000.5, servedProviderType: "openai", operation: "chat" }),
    );
    const fromProtobuf = decodeMetricsProtobuf(encodeMetricsProtobuf(metrics));
    expect(fromProtobuf).toEqual(decodeMetricsJson(JSON.stringify(metrics)));
    const decoded = fromProtobuf.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics ?? [];
    expect(decoded.map((m) => m.name)).toEqual([
      "gen_ai.client.operation.duration",
      "gen_ai.client.operation.time_to_first_chunk",
      "gen_ai.client.token.usage",
      "gateway.cost",
      "gateway.failovers",
    ]);
    expect(decoded[0]?.histogram?.dataPoints[0]).toMatchObject({ count: "1", sum: 1.5, startTimeUnixNano: "1700000000000500000" });
    expect(decoded[0]?.histogram?.dataPoints[0]?.bucketCounts).toHaveLength(15);
    expect(decoded[3]?.sum?.dataPoints[0]).toMatchObject({ asDouble: 0.0042 });
    expect(decoded[4]?.sum).toMatchObject({ isMonotonic: true, aggregationTemporality: 1, dataPoints: [{ asInt: "1" }] });
  });
});
