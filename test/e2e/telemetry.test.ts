import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, type ReceivedSpan, spanAttributes, startOtlpReceiver } from "../support/otlp-receiver.ts";
import { abortAfterDeltas, admin, adminCall, logRecord, useTenant } from "./harness.ts";

/**
 * OpenTelemetry export end to end: the real gateway (`wrangler dev`, loopback allowed by
 * .dev.vars) exporting to a loopback OTLP/HTTP receiver that decodes with opentelemetry-proto's
 * own generated schema, driven by the official openai SDK. Every case runs once per protocol.
 */
const messages = [{ role: "user" as const, content: "hello traces" }];
const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
const callerSpan = "00f067aa0ba902b7";
const CONTENT_TYPE = { "http/json": "application/json", "http/protobuf": "application/x-protobuf" } as const;

describe.each(["http/json", "http/protobuf"] as const)("OpenTelemetry export over %s", (protocol) => {
  const t = useTenant();
  let receiver: OtlpReceiver;
  /** The exporter's settings for this protocol (every PUT replaces them, headers aside). */
  const exporter = (extra: Record<string, unknown> = {}) => ({ endpoint: `${receiver.endpoint}/otlp`, protocol, ...extra });

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const created = await adminCall(
      "PUT",
      `/tenants/${t.tenant}/telemetry`,
      exporter({ headers: { "x-collector-token": "collector-secret-123" } }),
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      endpoint: `${receiver.endpoint}/otlp`,
      protocol,
      headerNames: ["x-collector-token"],
      sampleRatio: 1,
    });
    expect(JSON.stringify(created.json)).not.toContain("collector-secret-123");
    // Priced, so the spans' cost is a number to compare with the record's, not two nulls.
    await admin("PUT", `/tenants/${t.tenant}/prices`, {
      prices: ["echo", "words-6", "words-40"].map((model) => ({ model, inputPerMTok: 3, outputPerMTok: 15 })),
    });
  });
  afterAll(async () => {
    await receiver?.close();
  });

  /** The spans of one request, once its SERVER span has arrived (bounded: 10 s). */
  async function spansOf(requestId: string | null): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const server = receiver.spans().find((s) => s.kind === 2 && spanAttributes(s)["gateway.request.id"] === requestId);
      if (server) return [server, ...receiver.spans().filter((s) => s.parentSpanId === server.spanId)];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no spans for ${requestId} within 10 s`);
  }

  it("a failover under the caller's traceparent: a SERVER span child of the caller's, two CLIENT children, GenAI attributes equal to the record", async () => {
    const name = await t.workflow("otel-failover", "status-503", "echo", {
      retry: { maxAttempts: 1, initialBackoffMs: 20, maxBackoffMs: 40 },
    });
    const { data, response } = await t
      .client()
      .chat.completions.create({ model: name, messages }, { headers: { traceparent: `00-${callerTrace}-${callerSpan}-01` } })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: hello traces");
    const requestId = response.headers.get("x-request-id");
    const traceparent = response.headers.get("traceparent") ?? "";
    expect(traceparent).toMatch(new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`));

    const [server, ...children] = await spansOf(requestId);
    expect(server).toMatchObject({
      traceId: callerTrace,
      parentSpanId: callerSpan,
      spanId: traceparent.split("-")[2],
      name: `chat ${name}`,
    });
    expect(children.map((c) => [c.kind, c.traceId, spanAttributes(c)["gateway.attempt.decision"], c.status.code ?? 0])).toEqual([
      [3, callerTrace, "fallback", 2],
      [3, callerTrace, "commit", 0],
    ]);
    const record = await logRecord(t.tenant, requestId);
    expect(record.traceId).toBe(callerTrace);
    expect(record.costUsd).toBeGreaterThan(0);
    const attributes = spanAttributes(server);
    expect(attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": name,
      "gen_ai.response.model": "echo",
      "gen_ai.request.stream": false,
      "gen_ai.usage.input_tokens": String(record.usage.promptTokens),
      "gen_ai.usage.output_tokens": String(record.usage.completionTokens),
      "gen_ai.response.finish_reasons": ["stop"],
      "gateway.tenant": t.tenant,
      "gateway.workflow": name,
      "gateway.attempts": "2",
      "gateway.cost_usd": record.costUsd,
    });
    expect(spanAttributes(children[0])).toMatchObject({
      "error.type": "http_status",
      "gateway.attempt.provider": "primary",
      "gen_ai.request.model": "status-503",
    });
    expect(spanAttributes(children[1])).toMatchObject({
      "gen_ai.response.model": "echo",
      "gen_ai.usage.output_tokens": String(record.usage.completionTokens),
    });
    const posted = receiver.exports.find((e) => JSON.stringify(e.body).includes(requestId ?? "-"));
    expect(posted).toMatchObject({ path: "/otlp/v1/traces", contentType: CONTENT_TYPE[protocol] });
    expect(posted?.headers["x-collector-token"]).toBe("collector-secret-123");
  });

  it("without a traceparent the gateway starts a trace: returned on the response, in the record, on the spans", async () => {
    const name = await t.workflow("otel-new-trace", "echo");
    const stream = await t.client().chat.completions.create({ model: name, messages, stream: true }).withResponse();
    for await (const _chunk of stream.data) {
      // drain
    }
    const [, traceId, spanId] = (stream.response.headers.get("traceparent") ?? "").split("-");
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const requestId = stream.response.headers.get("x-request-id");
    const [server, commit] = await spansOf(requestId);
    expect(server).toMatchObject({ traceId, spanId });
    expect(server).not.toHaveProperty("parentSpanId");
    expect(server?.events.map((e) => e.name)).toEqual(["gateway.commit", "gateway.first_content"]);
    expect(spanAttributes(server)).toMatchObject({ "gen_ai.request.stream": true });
    expect(typeof spanAttributes(server)["gen_ai.response.time_to_first_chunk"]).toBe("number");
    expect(commit?.traceId).toBe(traceId);
    expect((await logRecord(t.tenant, requestId)).traceId).toBe(traceId);
  });

  it("a mid-stream failure: the SERVER span has the error status and a stream_failure event", async () => {
    const name = await t.workflow("otel-midstream", "words-6+die-after-2");
    const stream = await t.client().chat.completions.create({ model: name, messages, stream: true }).withResponse();
    const error = await (async () => {
      for await (const _chunk of stream.data) {
        // until the gateway's error event
      }
    })().catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    const requestId = stream.response.headers.get("x-request-id");
    const [server] = await spansOf(requestId);
    expect(server?.status.code).toBe(2);
    expect(server?.events.map((e) => e.name)).toContain("gateway.stream_failure");
    const record = await logRecord(t.tenant, requestId);
    expect(spanAttributes(server)).toMatchObject({ "gateway.outcome": "failed_after_output" });
    expect(spanAttributes(server)["gateway.cost_usd"] ?? null).toBe(record.costUsd);
  });

  it("a client abort mid-stream: the SERVER span has the client_abort event, no error status, and the record's usage", async () => {
    const name = await t.workflow("otel-abort", "words-40+slow-100");
    const response = await abortAfterDeltas(t.client(), name, messages, 3);
    const requestId = response.headers.get("x-request-id");
    const [server, attempt] = await spansOf(requestId);
    const record = await logRecord(t.tenant, requestId);
    expect(record).toMatchObject({ outcome: "client_aborted", disconnect: "client" });
    // A client leaving is not the gateway's error: the status stays unset.
    expect(server?.status.code ?? 0).toBe(0);
    expect(server?.events.map((e) => e.name)).toEqual(["gateway.commit", "gateway.first_content", "gateway.client_abort"]);
    expect(spanAttributes(server)).toMatchObject({
      "gateway.outcome": "client_aborted",
      "gateway.disconnect": "client",
      "gen_ai.usage.output_tokens": String(record.usage.completionTokens),
      "gateway.usage.estimated": true,
    });
    expect(spanAttributes(server)["gateway.cost_usd"] ?? null).toBe(record.costUsd);
    expect(attempt?.parentSpanId).toBe(server?.spanId);
  });

  it("a cache hit: one SERVER span, no attempts, the cost saved", async () => {
    const name = await t.workflow("otel-cache", "echo", undefined, { cache: { ttlSeconds: 120 } });
    const first = await t.client().chat.completions.create({ model: name, messages }).withResponse();
    expect(first.response.headers.get("x-gateway-cache")).toBe("MISS");
    await logRecord(t.tenant, first.response.headers.get("x-request-id"));
    const hit = await t.client().chat.completions.create({ model: name, messages }).withResponse();
    expect(hit.response.headers.get("x-gateway-cache")).toBe("HIT");
    const spans = await spansOf(hit.response.headers.get("x-request-id"));
    expect(spans).toHaveLength(1);
    const record = await logRecord(t.tenant, hit.response.headers.get("x-request-id"));
    expect(record.costSavedUsd).toBeGreaterThan(0);
    expect(spanAttributes(spans[0])).toMatchObject({
      "gateway.cache": "HIT",
      "gateway.attempts": "0",
      "gateway.cost_saved_usd": record.costSavedUsd,
    });
  });

  it("a background response continues the caller's trace in its hosted run", async () => {
    const name = await t.workflow("otel-background", "echo");
    const { data, response } = await t
      .client()
      .responses.create(
        { model: name, input: "hello background", background: true },
        { headers: { traceparent: `00-${callerTrace}-${callerSpan}-01` } },
      )
      .withResponse();
    expect(data.background).toBe(true);
    const spanId = (response.headers.get("traceparent") ?? "").split("-")[2];
    const requestId = response.headers.get("x-request-id");
    const [server, ...children] = await spansOf(requestId);
    expect(server).toMatchObject({ traceId: callerTrace, parentSpanId: callerSpan, spanId });
    expect(children.map((c) => spanAttributes(c)["gateway.attempt.decision"])).toEqual(["commit"]);
    const record = await logRecord(t.tenant, requestId);
    expect(record.traceId).toBe(callerTrace);
    expect(spanAttributes(server)).toMatchObject({
      "gen_ai.usage.input_tokens": String(record.usage.promptTokens),
      "gen_ai.usage.output_tokens": String(record.usage.completionTokens),
      "gateway.cost_usd": record.costUsd,
    });
  });

  it("content is exported only when opted in, and no key ever is", async () => {
    const name = await t.workflow("otel-content", "echo");
    const ask = async (content: string) =>
      (
        await t
          .client()
          .chat.completions.create({ model: name, messages: [{ role: "user", content }] })
          .withResponse()
      ).response;
    // The exporter's config is read after the response: wait for the first export before switching content on.
    const [plain] = await spansOf((await ask("secret-free prompt one")).headers.get("x-request-id"));
    expect(plain?.events.map((e) => e.name)).not.toContain("gen_ai.client.inference.operation.details");
    expect(JSON.stringify(plain)).not.toContain("prompt one");
    await admin("PUT", `/tenants/${t.tenant}/telemetry`, exporter({ content: true }));
    const after = await ask("secret-free prompt two");
    try {
      const [withContent] = await spansOf(after.headers.get("x-request-id"));
      expect(withContent?.events.map((e) => e.name)).toContain("gen_ai.client.inference.operation.details");
      expect(JSON.stringify(withContent)).toContain("secret-free prompt two");
      const everything = JSON.stringify(receiver.exports.map((e) => e.body));
      expect(everything).not.toContain(t.key);
      expect(everything).not.toContain("sk-upstream-");
    } finally {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, exporter({ content: false }));
    }
  });

  it("metrics on: one DELTA observation per request, tokens and cost equal to the record's, the failover counted by target", async () => {
    await admin("PUT", `/tenants/${t.tenant}/telemetry`, exporter({ metrics: true }));
    try {
      const name = await t.workflow("otel-metrics", "status-503", "echo", {
        retry: { maxAttempts: 1, initialBackoffMs: 20, maxBackoffMs: 40 },
      });
      const { response } = await t.client().chat.completions.create({ model: name, messages }).withResponse();
      const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
      const ofWorkflow = () =>
        receiver
          .metrics()
          .map((m) => ({
            ...m,
            points: (m.histogram ?? m.sum)?.dataPoints.filter((p) => spanAttributes(p as ReceivedSpan)["gateway.workflow"] === name) ?? [],
          }))
          .filter((m) => m.points.length > 0);
      await expect.poll(() => ofWorkflow().map((m) => m.name), { timeout: 10_000 }).toContain("gateway.failovers");
      const metrics = Object.fromEntries(ofWorkflow().map((m) => [m.name, m]));
      expect(receiver.metricExports.at(-1)).toMatchObject({ path: "/otlp/v1/metrics", contentType: CONTENT_TYPE[protocol] });
      expect(metrics["gen_ai.client.operation.duration"]).toMatchObject({ unit: "s", histogram: { aggregationTemporality: 1 } });
      expect(metrics["gen_ai.client.operation.duration"]?.points).toMatchObject([{ count: "1" }]);
      const tokens = metrics["gen_ai.client.token.usage"]?.points ?? [];
      expect(tokens.map((p) => [spanAttributes(p as ReceivedSpan)["gen_ai.token.type"], p.sum])).toEqual([
        ["input", record.usage.promptTokens],
        ["output", record.usage.completionTokens],
      ]);
      expect(metrics["gateway.cost"]?.points[0]?.asDouble).toBe(record.costUsd);
      expect(
        metrics["gateway.failovers"]?.points.map((p) => [spanAttributes(p as ReceivedSpan)["gateway.attempt.provider"], p.asInt]),
      ).toEqual([["primary", "1"]]);
    } finally {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, exporter());
    }
  });

  it("a dead collector changes neither the response nor the record", async () => {
    const dead = await startOtlpReceiver({ hang: true });
    try {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: dead.endpoint, protocol });
      const name = await t.workflow("otel-dead", "echo");
      const started = Date.now();
      const { data, response } = await t.client().chat.completions.create({ model: name, messages }).withResponse();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(data.choices[0]?.message.content).toBe("Echo: hello traces");
      const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
      expect(record).toMatchObject({ outcome: "completed", httpStatus: 200 });
      expect(record.costUsd).toBeGreaterThan(0);
      // The headers were kept by the update that omitted them, and are still never shown.
      expect((await admin("GET", `/tenants/${t.tenant}/telemetry`)).headerNames).toEqual(["x-collector-token"]);
    } finally {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, exporter());
      await dead.close();
    }
  });

  it("refuses an endpoint on a private network", async () => {
    const refused = await adminCall("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: "https://10.0.0.5/otlp", protocol });
    expect(refused.status).toBe(400);
    expect(refused.json.error.param).toBe("endpoint");
  });
});
