import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, type ReceivedSpan, spanAttributes, startOtlpReceiver } from "../support/otlp-receiver.ts";
import { admin, adminCall, logRecord, useTenant } from "./harness.ts";

/**
 * OpenTelemetry export end to end: the real gateway (`wrangler dev`, loopback allowed by
 * .dev.vars) exporting to a loopback OTLP/HTTP receiver, driven by the official openai SDK.
 */
const t = useTenant();
const messages = [{ role: "user" as const, content: "hello traces" }];
const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
const callerSpan = "00f067aa0ba902b7";
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const created = await adminCall("PUT", `/tenants/${t.tenant}/telemetry`, {
    endpoint: `${receiver.endpoint}/otlp`,
    headers: { "x-collector-token": "collector-secret-123" },
  });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ endpoint: `${receiver.endpoint}/otlp`, headerNames: ["x-collector-token"], sampleRatio: 1 });
  expect(JSON.stringify(created.json)).not.toContain("collector-secret-123");
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

describe("OpenTelemetry export", () => {
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
    expect(children.map((c) => [c.kind, spanAttributes(c)["gateway.attempt.decision"], c.status.code])).toEqual([
      [3, "fallback", 2],
      [3, "commit", 0],
    ]);
    const record = await logRecord(t.tenant, requestId);
    expect(record.traceId).toBe(callerTrace);
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
    });
    expect(attributes["gateway.cost_usd"] ?? null).toBe(record.costUsd);
    expect(spanAttributes(children[0])).toMatchObject({
      "error.type": "http_status",
      "gateway.attempt.provider": "primary",
      "gen_ai.request.model": "status-503",
    });
    const posted = receiver.exports.find((e) => JSON.stringify(e.body).includes(requestId ?? "-"));
    expect(posted).toMatchObject({ path: "/otlp/v1/traces", contentType: "application/json" });
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
    const [server] = await spansOf(stream.response.headers.get("x-request-id"));
    expect(server?.status.code).toBe(2);
    expect(server?.events.map((e) => e.name)).toContain("gateway.stream_failure");
    expect(spanAttributes(server)).toMatchObject({ "gateway.outcome": "failed_after_output" });
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
    expect(spanAttributes(spans[0])).toMatchObject({ "gateway.cache": "HIT", "gateway.attempts": "0" });
    expect(spanAttributes(spans[0])["gateway.cost_saved_usd"] ?? null).toBe(record.costSavedUsd);
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
    const [server, ...children] = await spansOf(response.headers.get("x-request-id"));
    expect(server).toMatchObject({ traceId: callerTrace, parentSpanId: callerSpan, spanId });
    expect(children.map((c) => spanAttributes(c)["gateway.attempt.decision"])).toEqual(["commit"]);
    expect((await logRecord(t.tenant, response.headers.get("x-request-id"))).traceId).toBe(callerTrace);
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
    await admin("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: `${receiver.endpoint}/otlp`, content: true });
    const after = await ask("secret-free prompt two");
    try {
      const [withContent] = await spansOf(after.headers.get("x-request-id"));
      expect(withContent?.events.map((e) => e.name)).toContain("gen_ai.client.inference.operation.details");
      expect(JSON.stringify(withContent)).toContain("secret-free prompt two");
      const everything = JSON.stringify(receiver.exports.map((e) => e.body));
      expect(everything).not.toContain(t.key);
      expect(everything).not.toContain("sk-upstream-");
    } finally {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: `${receiver.endpoint}/otlp`, content: false });
    }
  });

  it("a dead collector changes neither the response nor the record", async () => {
    const dead = await startOtlpReceiver({ hang: true });
    try {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: dead.endpoint });
      const name = await t.workflow("otel-dead", "echo");
      const started = Date.now();
      const { data, response } = await t.client().chat.completions.create({ model: name, messages }).withResponse();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(data.choices[0]?.message.content).toBe("Echo: hello traces");
      const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
      expect(record).toMatchObject({ outcome: "completed", httpStatus: 200 });
      // The headers were kept by the update that omitted them, and are still never shown.
      expect((await admin("GET", `/tenants/${t.tenant}/telemetry`)).headerNames).toEqual(["x-collector-token"]);
    } finally {
      await admin("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: `${receiver.endpoint}/otlp` });
      await dead.close();
    }
  });

  it("refuses an endpoint on a private network", async () => {
    const refused = await adminCall("PUT", `/tenants/${t.tenant}/telemetry`, { endpoint: "https://10.0.0.5/otlp" });
    expect(refused.status).toBe(400);
    expect(refused.json.error.param).toBe("endpoint");
  });
});
