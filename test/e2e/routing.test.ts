import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSwitchableUpstream } from "../support/switchable-upstream.ts";
import { admin, gatewayUrl, recordsOf } from "./harness.ts";

let upstream: Awaited<ReturnType<typeof startSwitchableUpstream>>;
let tenant: string;
let key: string;

beforeAll(async () => {
  upstream = await startSwitchableUpstream();
  tenant = `routing${Date.now().toString(36)}`;
  await admin("PUT", `/tenants/${tenant}`, {});
  for (const name of ["primary", "backup"])
    await admin("PUT", `/tenants/${tenant}/providers/${name}`, {
      type: "openai-compatible",
      baseUrl: upstream.baseUrl,
      apiKey: `sk-${name}`,
    });
  key = (await admin("POST", `/tenants/${tenant}/keys`, { name: "routing" })).key;
});
afterAll(() => upstream?.close());

const fast = {
  retry: { maxAttempts: 1, initialBackoffMs: 10, maxBackoffMs: 20 },
  timeouts: { firstEventMs: 2_000, idleMs: 2_000, totalMs: 15_000, keepaliveMs: 5_000 },
};

async function ask(workflow: string, stream = false) {
  const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: workflow, stream, messages: [{ role: "user", content: "hello gateway" }] }),
  });
  await res.text();
  return { status: res.status, provider: res.headers.get("x-gateway-provider"), attempts: res.headers.get("x-gateway-attempts") };
}

describe("routing that learns (wrangler dev, loopback upstream)", () => {
  it("a failing primary stops being contacted after the threshold, is probed after openMs, and serves again once healthy", async () => {
    const openMs = 2_000;
    await admin("PUT", `/tenants/${tenant}/workflows/learns`, {
      targets: [
        { provider: "primary", model: "echo" },
        { provider: "backup", model: "words-2" },
      ],
      ...fast,
      health: { failureThreshold: 3, failureRatio: 0.5, windowMs: 30_000, openMs, halfOpenProbes: 1 },
    });
    upstream.failing.add("echo");
    for (let i = 0; i < 8; i++) {
      const answer = await ask("learns", i % 2 === 1);
      expect(answer).toMatchObject({ status: 200, provider: "backup" });
    }
    // The upstream's own call log: the primary was contacted for the first 3 requests only.
    expect(upstream.callsFor("echo")).toHaveLength(3);
    await expect
      .poll(async () => (await admin("GET", `/tenants/${tenant}/health`)).data.find((h: any) => h.provider === "primary")?.state)
      .toBe("open");
    const records = await recordsOf(tenant, "learns", 8);
    expect(records[7].attempts[0]).toMatchObject({ provider: "primary", decision: "skip", errorClass: "circuit_open" });
    expect(records[7].attempts[1]).toMatchObject({ provider: "backup", decision: "commit" });

    // The outage ends; once openMs has passed one request probes the primary, and it serves again.
    upstream.failing.delete("echo");
    await new Promise((resolve) => setTimeout(resolve, openMs + 200));
    expect(await ask("learns")).toMatchObject({ status: 200, provider: "primary", attempts: "1" });
    expect(await ask("learns", true)).toMatchObject({ status: 200, provider: "primary", attempts: "1" });
    expect(upstream.callsFor("echo")).toHaveLength(5);
    await expect
      .poll(async () => (await admin("GET", `/tenants/${tenant}/health`)).data.find((h: any) => h.provider === "primary")?.state)
      .toBe("closed");
  });

  it("the breaker is on by default: a workflow without health stops contacting a dead primary within 20 requests, and returns to it after recovery", async () => {
    // Only backoff is set: retry attempts, timeouts and the breaker are the documented defaults (openMs 15 s).
    await admin("PUT", `/tenants/${tenant}/workflows/default-breaker`, {
      targets: [
        { provider: "primary", model: "words-4" },
        { provider: "backup", model: "words-2" },
      ],
      retry: { initialBackoffMs: 10, maxBackoffMs: 20 },
    });
    upstream.failing.add("words-4");
    const contacted: number[] = [];
    for (let i = 0; i < 40; i++) {
      expect(await ask("default-breaker", i % 2 === 1)).toMatchObject({ status: 200, provider: "backup" });
      contacted.push(upstream.callsFor("words-4").length);
    }
    // Contacted while the evidence gathers (5 failures), then never again in the last 20 requests.
    expect(contacted[19]).toBeLessThanOrEqual(12);
    expect(contacted[39]).toBe(contacted[19]);

    // The outage ends; after openMs one request probes the primary, and it serves again.
    upstream.failing.delete("words-4");
    const openMs = 15_000;
    await new Promise((resolve) => setTimeout(resolve, openMs + 300));
    expect(await ask("default-breaker")).toMatchObject({ status: 200, provider: "primary", attempts: "1" });
    expect(await ask("default-breaker", true)).toMatchObject({ status: 200, provider: "primary", attempts: "1" });
  }, 40_000);

  it("health: false opts out: every request contacts the dead primary", async () => {
    await admin("PUT", `/tenants/${tenant}/workflows/no-breaker`, {
      targets: [
        { provider: "primary", model: "words-6" },
        { provider: "backup", model: "words-2" },
      ],
      ...fast,
      health: false,
    });
    upstream.failing.add("words-6");
    for (let i = 0; i < 12; i++) expect(await ask("no-breaker")).toMatchObject({ status: 200, provider: "backup" });
    expect(upstream.callsFor("words-6")).toHaveLength(12);
  });

  it("every target open: the least recently failed one is still tried (no request fails without an attempt)", async () => {
    await admin("PUT", `/tenants/${tenant}/workflows/all-down`, {
      targets: [
        { provider: "primary", model: "status-503" },
        { provider: "backup", model: "status-500" },
      ],
      ...fast,
      health: { failureThreshold: 2, failureRatio: 0.5, windowMs: 30_000, openMs: 60_000 },
    });
    for (let i = 0; i < 2; i++) expect((await ask("all-down")).attempts).toBe("2");
    const before = upstream.calls.length;
    const answer = await ask("all-down");
    expect(answer.status).toBe(502);
    expect(answer.attempts).toBe("1");
    expect(upstream.calls.length - before).toBe(1);
  });

  it("weights: a 70/30 split of the first attempt over 60 requests", async () => {
    await admin("PUT", `/tenants/${tenant}/workflows/split`, {
      targets: [
        { provider: "primary", model: "words-2", weight: 70 },
        { provider: "backup", model: "words-3", weight: 30 },
      ],
      ...fast,
    });
    const served = { primary: 0, backup: 0 };
    for (let i = 0; i < 60; i++) served[(await ask("split")).provider as "primary" | "backup"]++;
    expect(served.primary + served.backup).toBe(60);
    expect(served.primary).toBeGreaterThanOrEqual(30);
    expect(served.primary).toBeLessThanOrEqual(54);
  });
});
