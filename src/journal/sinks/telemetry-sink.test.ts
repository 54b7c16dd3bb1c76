import { describe, expect, it } from "vitest";
import { decodeMetricsProtobuf, decodeTracesProtobuf } from "../../../test/support/otlp-decode.ts";
import type { TelemetryRecord } from "../../config/telemetry-config.ts";
import { sealSecret } from "../../secrets/secret-box.ts";
import { settle } from "../settle.ts";
import { recordSink } from "./record-sink.ts";
import { FAILED_ATTEMPT, finishedRequest, type NotedCall, notingEnv, TRACE } from "./sink-fixtures.ts";
import { telemetrySinkWith } from "./telemetry-sink.ts";

const SECRETS_KEY = "test-secrets-key";

/** Bindings with a tenant's exporter in CONFIG (a fresh tenant each time: config reads are memoized per isolate). */
async function exporterEnv(calls: NotedCall[], exporter: Partial<TelemetryRecord> = {}) {
  const tenant = `t-${crypto.randomUUID()}`;
  const record: TelemetryRecord = {
    endpoint: "http://127.0.0.1:4318/otel",
    protocol: "http/json",
    sampleRatio: 1,
    content: false,
    metrics: false,
    enabled: true,
    headersSealed: await sealSecret(JSON.stringify({ "x-honeycomb-team": "hc-secret" }), SECRETS_KEY),
    headerNames: ["x-honeycomb-team"],
    headersFingerprint: "0123456789ab",
    updatedAt: "2026-01-01T00:00:00Z",
    ...exporter,
  };
  const kv = { get: async (key: string) => (key === `v1:t:${tenant}:telemetry` ? record : null) };
  const env = { ...notingEnv(calls, { SECRETS_KEY, WEBHOOK_ALLOW_LOOPBACK: "true" }), CONFIG: kv } as unknown as Env;
  return { env, tenant };
}

interface Sent {
  url: string;
  headers: Headers;
  body: any;
}

/** A collector that notes each export (either encoding, decoded) and answers `status`. */
function collector(sent: Sent[], status = 200): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const decodeProtobuf = String(input).endsWith("/v1/metrics") ? decodeMetricsProtobuf : decodeTracesProtobuf;
    const body =
      headers.get("content-type") === "application/x-protobuf" ? decodeProtobuf(init?.body as Uint8Array) : JSON.parse(String(init?.body));
    sent.push({ url: String(input), headers, body });
    return new Response("{}", { status });
  };
}

const failed = FAILED_ATTEMPT;

describe("the telemetry sink", () => {
  it("posts the request's spans to {endpoint}/v1/traces with the tenant's opened headers", async () => {
    const sent: Sent[] = [];
    const { env, tenant } = await exporterEnv([]);
    await telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 }).observe(finishedRequest(env, { tenant, attempts: [failed] }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("http://127.0.0.1:4318/otel/v1/traces");
    expect(sent[0]?.headers.get("x-honeycomb-team")).toBe("hc-secret");
    expect(sent[0]?.headers.get("content-type")).toBe("application/json");
    const spans = sent[0]?.body.resourceSpans[0].scopeSpans[0].spans;
    expect(spans.map((s: { kind: number }) => s.kind)).toEqual([2, 3]);
    expect(spans[0]).toMatchObject({ traceId: TRACE.traceId, spanId: TRACE.spanId, parentSpanId: TRACE.parentSpanId });
  });

  it("exports prompts and answers only when the exporter opts in (content)", async () => {
    const sent: Sent[] = [];
    const sink = telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 });
    const request = { messages: [{ role: "user", content: "Hello" }] };
    const off = await exporterEnv([]);
    await sink.observe(finishedRequest(off.env, { tenant: off.tenant, request }));
    const on = await exporterEnv([], { content: true });
    await sink.observe(finishedRequest(on.env, { tenant: on.tenant, request }));
    const eventNames = sent.map((s) => s.body.resourceSpans[0].scopeSpans[0].spans[0].events.map((e: { name: string }) => e.name));
    expect(eventNames).toEqual([[], ["gen_ai.client.inference.operation.details"]]);
    expect(JSON.stringify(sent[0]?.body)).not.toContain("Hello");
    expect(JSON.stringify(sent[1]?.body)).toContain("Hello");
  });

  it("exports nothing for a tenant without an exporter, a disabled one, or a sampled-out success", async () => {
    const sent: Sent[] = [];
    const sink = telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 });
    const none = await exporterEnv([]);
    await sink.observe(finishedRequest(none.env, { tenant: "someone-else" }));
    const disabled = await exporterEnv([], { enabled: false });
    await sink.observe(finishedRequest(disabled.env, { tenant: disabled.tenant }));
    const sampledOut = await exporterEnv([], { sampleRatio: 0 });
    await sink.observe(finishedRequest(sampledOut.env, { tenant: sampledOut.tenant }, { outcome: "completed" }));
    expect(sent).toEqual([]);
    // A failover is kept whatever the ratio.
    await sink.observe(finishedRequest(sampledOut.env, { tenant: sampledOut.tenant, attempts: [failed, failed] }));
    expect(sent).toHaveLength(1);
  });

  it("refuses a loopback endpoint unless the local flag allows it", async () => {
    const sent: Sent[] = [];
    const { env, tenant } = await exporterEnv([]);
    const strict = { ...env, WEBHOOK_ALLOW_LOOPBACK: "false" } as Env;
    const sink = telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 });
    await expect(sink.observe(finishedRequest(strict, { tenant }))).rejects.toThrow(/telemetry endpoint must be https:/);
    expect(sent).toEqual([]);
  });

  it("a collector that hangs or refuses: settle still writes the record, logs no header value, and ends within the timeout", async () => {
    const calls: NotedCall[] = [];
    const { env, tenant } = await exporterEnv(calls);
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(" "));
    try {
      for (const fetcher of [hanging, collector([], 503)]) {
        const { state, secrets } = finishedRequest(env, { tenant });
        const started = Date.now();
        await settle(env, state, secrets, [recordSink, telemetrySinkWith({ fetcher, timeoutMs: 200 })]);
        expect(Date.now() - started).toBeLessThan(2_000);
      }
    } finally {
      console.error = original;
    }
    expect(calls.filter(([binding, , method]) => binding === "REQUEST_LOG" && method === "write")).toHaveLength(2);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/telemetry sink failed: OTLP export to 127\.0\.0\.1:4318 timed out after 200 ms/);
    expect(errors[1]).toMatch(/refused: HTTP 503/);
    expect(errors.join("\n")).not.toMatch(/hc-secret/);
  });

  it("speaks http/protobuf when the exporter says so: the same spans, as application/x-protobuf", async () => {
    const sent: Sent[] = [];
    const { env, tenant } = await exporterEnv([], { protocol: "http/protobuf" });
    await telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 }).observe(finishedRequest(env, { tenant, attempts: [failed] }));
    expect(sent[0]?.headers.get("content-type")).toBe("application/x-protobuf");
    const spans = sent[0]?.body.resourceSpans[0].scopeSpans[0].spans;
    expect(spans.map((s: { kind: number }) => s.kind)).toEqual([2, 3]);
    expect(spans[0]).toMatchObject({ traceId: TRACE.traceId, spanId: TRACE.spanId, parentSpanId: TRACE.parentSpanId });
  });

  it("the operator's gateway-wide exporter (OTEL_EXPORTER_OTLP_*) gets every tenant's spans, without content, beside the tenant's", async () => {
    const sent: Sent[] = [];
    const sink = telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 });
    const operatorVars = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4319",
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20op-secret,x-team = ops",
    };
    const request = { messages: [{ role: "user", content: "Hello" }] };
    const withTenant = await exporterEnv([], { content: true });
    await sink.observe(finishedRequest({ ...withTenant.env, ...operatorVars } as Env, { tenant: withTenant.tenant, request }));
    const alone = await exporterEnv([]);
    await sink.observe(finishedRequest({ ...alone.env, ...operatorVars } as Env, { tenant: "no-exporter" }));
    const operator = sent.filter((s) => s.url === "http://127.0.0.1:4319/v1/traces");
    expect(operator).toHaveLength(2);
    expect(sent).toHaveLength(3);
    // The spec's default protocol is http/protobuf; the headers are percent-decoded.
    expect(operator[0]?.headers.get("content-type")).toBe("application/x-protobuf");
    expect(operator[0]?.headers.get("authorization")).toBe("Bearer op-secret");
    expect(operator[0]?.headers.get("x-team")).toBe("ops");
    expect(operator[0]?.headers.get("x-honeycomb-team")).toBeNull();
    expect(JSON.stringify(operator.map((s) => s.body))).not.toContain("Hello");
    expect(JSON.stringify(sent.find((s) => s.url.includes(":4318"))?.body)).toContain("Hello");
  });

  it("a gateway-wide exporter variable it cannot use is logged by name, never by value, and the tenant's export still goes", async () => {
    const sent: Sent[] = [];
    const { env, tenant } = await exporterEnv([]);
    const bad = { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4319", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" } as Env;
    const sink = telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 });
    await expect(sink.observe(finishedRequest(bad, { tenant }))).rejects.toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: "grpc"/);
    const badHeaders = {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4319",
      OTEL_EXPORTER_OTLP_HEADERS: "op-secret-only",
    } as Env;
    const refused = sink.observe(finishedRequest(badHeaders, { tenant }));
    await expect(refused).rejects.toThrow(/OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not name=value/);
    await expect(refused).rejects.not.toThrow(/op-secret-only/);
    expect(sent.map((s) => s.url)).toEqual(["http://127.0.0.1:4318/otel/v1/traces", "http://127.0.0.1:4318/otel/v1/traces"]);
  });

  it("with metrics on, a second POST to {endpoint}/v1/metrics, sent even for a request whose trace is sampled out", async () => {
    const sent: Sent[] = [];
    const sink = telemetrySinkWith({ fetcher: collector(sent), timeoutMs: 1_000 });
    const metered = await exporterEnv([], { metrics: true, protocol: "http/protobuf" });
    await sink.observe(finishedRequest(metered.env, { tenant: metered.tenant, attempts: [failed] }));
    expect(sent.map((s) => s.url).sort()).toEqual(["http://127.0.0.1:4318/otel/v1/metrics", "http://127.0.0.1:4318/otel/v1/traces"]);
    const metrics = sent.find((s) => s.url.endsWith("/v1/metrics"))?.body.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(metrics.map((m: { name: string }) => m.name)).toContain("gen_ai.client.operation.duration");
    sent.length = 0;
    const sampledOut = await exporterEnv([], { metrics: true, sampleRatio: 0 });
    await sink.observe(finishedRequest(sampledOut.env, { tenant: sampledOut.tenant }, { outcome: "completed" }));
    expect(sent.map((s) => s.url)).toEqual(["http://127.0.0.1:4318/otel/v1/metrics"]);
    expect(sent[0]?.headers.get("x-honeycomb-team")).toBe("hc-secret");
  });
});
