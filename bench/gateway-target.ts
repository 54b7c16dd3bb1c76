import type { RunningGateway } from "../test/support/wrangler-dev.ts";
import type { Target } from "./client.ts";

/** Upstream gap between streamed chunks in the fidelity scenario. */
export const STREAM_GAP_MS = 25;
/** The faux scenarios the benchmark runs (the model name chooses the upstream's behaviour). */
export const SCENARIOS = {
  completion: "echo",
  stream: "words-20",
  /** A 1,000-event stream: per-event costs (CPU, rows written) without the per-request ones. */
  long: "words-1000",
  /** The same 1,000 events, 10 per network write (a fast upstream, or a proxy that coalesces). */
  burst: "words-1000+burst-10",
  gaps: `words-20+slow-${STREAM_GAP_MS}`,
  small: "bytes-1048576",
  big: "bytes-10485760",
  huge: "bytes-31457280",
  /** An answer that takes the upstream ~200 ms to generate (50 words, 4 ms each), as real ones do: what a hit saves. */
  cached: "words-50+slow-4",
};

/** Workflow names cannot hold "+". */
export const workflowName = (scenario: string) => scenario.replaceAll("+", ".");

/** The workflow serving `scenario` without a cache window. */
export const uncached = (scenario: string) => `${workflowName(scenario)}-uncached`;

/** An admin API caller for `gateway`: a refused call throws with its status and body. */
const adminOf = (gateway: RunningGateway) => async (method: string, path: string, body: unknown) => {
  const res = await fetch(`${gateway.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${gateway.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

/** A tenant on `gateway` (`bench` unless named) whose workflows each run one faux scenario on the loopback upstream. */
export async function gatewayTarget(gateway: RunningGateway, upstreamBaseUrl: string, name: string, tenant = "bench"): Promise<Target> {
  const call = adminOf(gateway);
  await call("PUT", `/tenants/${tenant}`, {});
  await call("PUT", `/tenants/${tenant}/providers/up`, { type: "openai-compatible", baseUrl: upstreamBaseUrl, apiKey: "sk-upstream" });
  for (const scenario of Object.values(SCENARIOS)) {
    // Large answers are streamed through an uncached workflow: a caching one holds the answer to store it.
    const cache = scenario.startsWith("bytes-") ? null : { ttlSeconds: 300 };
    await call("PUT", `/tenants/${tenant}/workflows/${workflowName(scenario)}`, { targets: [{ provider: "up", model: scenario }], cache });
  }
  // The same answers without a cache window: what the cache lookup (a KV read) adds to a request.
  for (const scenario of [SCENARIOS.completion, SCENARIOS.stream])
    await call("PUT", `/tenants/${tenant}/workflows/${uncached(scenario)}`, { targets: [{ provider: "up", model: scenario }] });
  const { key } = await call("POST", `/tenants/${tenant}/keys`, { name: "bench" });
  return { name, baseUrl: `${gateway.url}/v1`, headers: { authorization: `Bearer ${key}` }, model: workflowName };
}

/** The same tenant through a second key, one with limits (a requests-per-minute window and a monthly budget). */
export async function limitedKeyTarget(gateway: RunningGateway, target: Target): Promise<Target> {
  const res = await fetch(`${gateway.url}/admin/v1/tenants/bench/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${gateway.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench-limited", limits: { requestsPerMinute: 1_000_000, monthlyBudgetUsd: 1_000_000 } }),
  });
  if (!res.ok) throw new Error(`POST keys: ${res.status} ${await res.text()}`);
  const { key } = (await res.json()) as { key: string };
  return { ...target, name: `${target.name}, key with limits`, headers: { authorization: `Bearer ${key}` } };
}

/**
 * The same scenarios on a second tenant of `gateway` that exports every request's spans to
 * `collectorEndpoint` (OTLP/HTTP protobuf, sample ratio 1): the "telemetry export on" target.
 */
export async function telemetryTarget(gateway: RunningGateway, upstreamBaseUrl: string, collectorEndpoint: string): Promise<Target> {
  const target = await gatewayTarget(gateway, upstreamBaseUrl, "gateway, telemetry export on", "bench-otel");
  await adminOf(gateway)("PUT", "/tenants/bench-otel/telemetry", {
    endpoint: collectorEndpoint,
    protocol: "http/protobuf",
    headers: { "x-bench": "1" },
  });
  return target;
}
