import { describe, expect, it } from "vitest";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { TraceContext } from "../http/trace-context.ts";
import { FAILED_ATTEMPT } from "../journal/sinks/sink-fixtures.ts";
import type { RequestLogRecord } from "../logs/log-record.ts";
import type { OtlpSpan } from "./otlp-json.ts";
import { requestSpans, type SpanSource } from "./request-spans.ts";

const trace: TraceContext = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "1111111111111111",
  parentSpanId: "00f067aa0ba902b7",
  tracestate: "vendor=abc",
  sampled: true,
};

type LoggedAttempt = Omit<AttemptRecord, "requestBody">;
const { requestBody: _body, ...failedAttempt } = FAILED_ATTEMPT;
const attempt = (over: Partial<LoggedAttempt>): LoggedAttempt => ({
  ...failedAttempt,
  provider: "primary",
  model: "m1",
  startedAtMs: 1,
  durationMs: 10,
  ...over,
});

const failover: RequestLogRecord = {
  id: "req_1",
  tenant: "t",
  keyId: "k",
  clientRequestId: null,
  method: "POST",
  path: "/v1/chat/completions",
  workflow: "w",
  stream: true,
  receivedAt: new Date(1_700_000_000_000).toISOString(),
  traceId: trace.traceId,
  outcome: "completed",
  httpStatus: 200,
  partialOutput: false,
  disconnect: null,
  servedBy: { provider: "backup", model: "m2" },
  cache: "MISS",
  logContent: "full",
  timings: { firstByteMs: 30, firstDeltaMs: 30, lastDeltaMs: 40, completedMs: 50 },
  attempts: [
    attempt({}),
    attempt({
      provider: "backup",
      model: "m2",
      startedAtMs: 12,
      durationMs: 38,
      status: 200,
      errorClass: null,
      reason: null,
      decision: "commit",
    }),
  ],
  eventCounts: { chunks: 3, contentDeltas: 2, toolCallDeltas: 0, usageChunks: 1, errors: 0, done: 1 },
  usage: {
    promptTokens: 7,
    completionTokens: 5,
    totalTokens: 12,
    cachedPromptTokens: 2,
    cacheWriteTokens: 3,
    reasoningTokens: 0,
    estimated: false,
  },
  costUsd: 0.00042,
  costSavedUsd: null,
  priceSource: "default",
  error: null,
  output: null,
  chunksTruncated: false,
  contract: null,
};

const source = (record: RequestLogRecord): SpanSource => ({
  record,
  trace,
  receivedAtMs: 1_700_000_000_000,
  finishReason: "stop",
  servedProviderType: "openai",
  operation: "chat",
});

/** A span's attributes as a plain object (values unwrapped). */
function attrs(span: OtlpSpan | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (span?.attributes ?? []).map(({ key, value }) => [
      key,
      "arrayValue" in value ? value.arrayValue.values.map((v) => Object.values(v)[0]) : Object.values(value)[0],
    ]),
  );
}

describe("a request as spans", () => {
  it("a failover: one SERVER span under the caller's span, one CLIENT child per attempt", () => {
    const [server, first, second, ...rest] = requestSpans(source(failover));
    expect(rest).toEqual([]);
    expect(server).toMatchObject({
      traceId: trace.traceId,
      spanId: trace.spanId,
      parentSpanId: "00f067aa0ba902b7",
      traceState: "vendor=abc",
      kind: 2,
      name: "chat w",
      startTimeUnixNano: "1700000000000000000",
      endTimeUnixNano: "1700000000050000000",
      status: { code: 0 },
    });
    for (const child of [first, second]) expect(child).toMatchObject({ traceId: trace.traceId, parentSpanId: trace.spanId, kind: 3 });
    expect(first?.spanId).not.toBe(second?.spanId);
    expect(first).toMatchObject({ name: "chat m1", status: { code: 2, message: "HTTP 503" }, startTimeUnixNano: "1700000000001000000" });
    expect(attrs(first)).toMatchObject({
      "error.type": "http_status",
      "gateway.attempt.decision": "fallback",
      "gen_ai.request.model": "m1",
    });
    expect(attrs(second)).toMatchObject({
      "gen_ai.provider.name": "openai",
      "gen_ai.response.model": "m2",
      "gen_ai.usage.input_tokens": "7",
      "gateway.attempt.decision": "commit",
    });
    expect(attrs(second)["error.type"]).toBeUndefined();
    expect(attrs(server)).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "w",
      "gen_ai.response.model": "m2",
      "gen_ai.request.stream": true,
      "gen_ai.usage.input_tokens": "7",
      "gen_ai.usage.output_tokens": "5",
      "gen_ai.usage.cache_read.input_tokens": "2",
      "gen_ai.usage.cache_creation.input_tokens": "3",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.response.time_to_first_chunk": 0.03,
      "gateway.cost_usd": 0.00042,
      "gateway.attempts": "2",
      "gateway.tenant": "t",
      "gateway.request.id": "req_1",
    });
    expect(server?.events.map((e) => e.name)).toEqual(["gateway.commit", "gateway.first_content"]);
  });

  it("a skipped target and a lost hedge are children without error status", () => {
    const record = {
      ...failover,
      attempts: [
        attempt({ decision: "skip", errorClass: "circuit_open", durationMs: 0 }),
        attempt({ decision: "hedge_lost", errorClass: null, role: "hedge" }),
        ...failover.attempts.slice(1),
      ],
    };
    const [, skipped, lost] = requestSpans(source(record));
    expect(skipped?.status.code).toBe(0);
    expect(attrs(skipped)["gateway.attempt.decision"]).toBe("skip");
    expect(lost?.status.code).toBe(0);
    expect(attrs(lost)).toMatchObject({ "gateway.attempt.decision": "hedge_lost", "gateway.attempt.role": "hedge" });
  });

  it("a mid-stream failure sets the error status and a stream_failure event; a client abort only an event", () => {
    const error = { status: 502, type: "upstream_error", code: "stream_interrupted", message: "The upstream stream failed." };
    const [failed] = requestSpans(source({ ...failover, outcome: "failed_after_output", error, disconnect: "upstream" }));
    expect(failed?.status).toEqual({ code: 2, message: "The upstream stream failed." });
    expect(attrs(failed)["error.type"]).toBe("stream_interrupted");
    expect(failed?.events.at(-1)).toMatchObject({ name: "gateway.stream_failure", timeUnixNano: "1700000000050000000" });
    const [aborted] = requestSpans(source({ ...failover, outcome: "client_aborted", disconnect: "client" }));
    expect(aborted?.status.code).toBe(0);
    expect(aborted?.events.at(-1)?.name).toBe("gateway.client_abort");
  });

  it("a cache hit: a SERVER span alone, no commit, cost saved", () => {
    const hit = { ...failover, attempts: [], cache: "HIT" as const, costUsd: 0, costSavedUsd: 0.00042, stream: false };
    const spans = requestSpans(source(hit));
    expect(spans).toHaveLength(1);
    expect(attrs(spans[0])).toMatchObject({ "gateway.cache": "HIT", "gateway.cost_usd": 0, "gateway.cost_saved_usd": 0.00042 });
    expect(spans[0]?.events.map((e) => e.name)).toEqual(["gateway.first_content"]);
  });

  it("a new trace: no parent, no tracestate", () => {
    const [server] = requestSpans({ ...source(failover), trace: { ...trace, parentSpanId: null, tracestate: null } });
    expect(server).not.toHaveProperty("parentSpanId");
    expect(server).not.toHaveProperty("traceState");
  });
});
