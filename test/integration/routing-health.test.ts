import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { healthPolicy } from "../../src/config/schemas.ts";
import { reportHealth } from "../../src/health/health-report.ts";
import { resetIsolateHealth, tenantHealth } from "../../src/health/health-view.ts";
import { circuitState } from "../../src/health/target-health.ts";
import { admin, chat, setupTenant } from "./gateway-client.ts";

const health = { failureThreshold: 2, failureRatio: 0.5, windowMs: 30_000, openMs: 1_000, halfOpenProbes: 1 };
const workflow = {
  targets: [
    { provider: "faux", model: "status-503" },
    { provider: "backup", model: "echo" },
  ],
  retry: { maxAttempts: 1, initialBackoffMs: 10, maxBackoffMs: 20 },
  timeouts: { firstEventMs: 1_000, idleMs: 1_000, totalMs: 10_000, keepaliveMs: 1_000 },
  health,
};

async function healthOf(tenant: string): Promise<any[]> {
  return ((await (await admin("GET", `/tenants/${tenant}/health`)).json()) as any).data;
}

describe("routing that learns: the circuit breaker in the Worker", () => {
  it("a failing primary's circuit opens, later requests skip it, and it is probed again after openMs", async () => {
    const { tenant, key } = await setupTenant({ w: workflow });
    for (let i = 0; i < 2; i++) {
      const res = await chat(key, { model: "w" });
      expect(res.headers.get("x-gateway-attempts")).toBe("2");
      await res.text();
    }
    const skipped = await chat(key, { model: "w" });
    expect(skipped.status).toBe(200);
    expect(skipped.headers.get("x-gateway-provider")).toBe("backup");
    // The skipped primary is not an attempt.
    expect(skipped.headers.get("x-gateway-attempts")).toBe("1");
    const id = skipped.headers.get("x-request-id");
    await skipped.text();

    await expect.poll(async () => (await healthOf(tenant)).find((h) => h.provider === "faux")?.state, { timeout: 5_000 }).toBe("open");
    let logged: any = null;
    await expect
      .poll(async () => {
        logged = await (await admin("GET", `/tenants/${tenant}/logs/${id}`)).json();
        return logged.attempts;
      })
      .toBeDefined();
    expect(logged.attempts[0]).toMatchObject({ provider: "faux", model: "status-503", decision: "skip", errorClass: "circuit_open" });
    expect(logged.attempts[1]).toMatchObject({ provider: "backup", decision: "commit" });

    // After openMs the primary is half-open: one request probes it (and, failing, re-opens it).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const probe = await chat(key, { model: "w" });
    expect(probe.headers.get("x-gateway-attempts")).toBe("2");
    await probe.text();
  });

  it("a half-open probe that fails is not retried while the backup can serve", async () => {
    const { key } = await setupTenant({ w: { ...workflow, retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 } } });
    // Until the circuit opens each request tries the primary three times, then the backup ("4");
    // once it is open the primary is skipped ("1").
    await expect
      .poll(
        async () => {
          const res = await chat(key, { model: "w" });
          await res.text();
          return res.headers.get("x-gateway-attempts");
        },
        { timeout: 5_000, interval: 100 },
      )
      .toBe("1");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const probe = await chat(key, { model: "w" });
    expect(probe.headers.get("x-gateway-provider")).toBe("backup");
    // One probe attempt on the primary, then the backup: not three attempts on a target still down.
    expect(probe.headers.get("x-gateway-attempts")).toBe("2");
    await probe.text();
  });

  it("the open circuit lives in the tenant's ProviderHealth object, not in an isolate's memory", async () => {
    const policy = healthPolicy.parse({ failureThreshold: 2, openMs: 60_000 });
    const tenant = `health-iso-${Date.now().toString(36)}`;
    const now = Date.now();
    const failure = (at: number) => ({ provider: "p", model: "m", at, ok: false, firstEventMs: null, policy });
    await reportHealth(env, tenant, [failure(now - 10), failure(now)]);
    // A fresh isolate's copy: nothing in memory, so what follows can only come from the object.
    resetIsolateHealth();
    const view = await tenantHealth(env, tenant);
    expect(circuitState(view.targets.get("p/m"), policy.openMs, Date.now())).toBe("open");
  });

  it("admin: lists target health and resets one (model names may hold slashes)", async () => {
    const { tenant, key } = await setupTenant({ w: workflow });
    for (let i = 0; i < 2; i++) await (await chat(key, { model: "w" })).text();
    const policy = healthPolicy.parse(health);
    await reportHealth(env, tenant, [{ provider: "faux", model: "org/model", at: Date.now(), ok: true, firstEventMs: 42, policy }]);
    await expect.poll(async () => (await healthOf(tenant)).find((h) => h.model === "status-503")?.state, { timeout: 5_000 }).toBe("open");
    const listed = await healthOf(tenant);
    expect(listed.find((h) => h.model === "status-503")).toMatchObject({
      provider: "faux",
      window: { ms: 30_000, outcomes: 0 },
      p50FirstEventMs: null,
    });
    expect(listed.find((h) => h.model === "echo")).toMatchObject({
      provider: "backup",
      state: "closed",
      window: { outcomes: 2, failures: 0 },
    });
    expect(listed.find((h) => h.model === "org/model")).toMatchObject({ state: "closed", p50FirstEventMs: 42 });

    expect((await admin("POST", `/tenants/${tenant}/health/faux/org/model/reset`)).status).toBe(200);
    expect((await healthOf(tenant)).find((h) => h.model === "org/model")).toBeUndefined();
    expect((await admin("POST", `/tenants/${tenant}/health/faux/status-503/reset`)).status).toBe(200);
    // A reset applies at once in the isolate that made it: the primary is tried again.
    const res = await chat(key, { model: "w" });
    expect(res.headers.get("x-gateway-attempts")).toBe("2");
    await res.text();
    expect((await admin("POST", `/tenants/${tenant}/health/faux/nothing/reset`)).status).toBe(404);
  });

  it("a workflow without `health` never skips, however often its primary fails", async () => {
    const { key } = await setupTenant({ w: { ...workflow, health: undefined } });
    for (let i = 0; i < 4; i++) {
      const res = await chat(key, { model: "w" });
      expect(res.headers.get("x-gateway-attempts")).toBe("2");
      await res.text();
    }
  });

  it("weights: the first target is chosen per request id, a 70/30 split in both directions", async () => {
    const { key } = await setupTenant({
      w: {
        ...workflow,
        health: undefined,
        targets: [
          { provider: "faux", model: "words-2", weight: 70 },
          { provider: "backup", model: "words-3", weight: 30 },
        ],
      },
    });
    const served = { faux: 0, backup: 0 };
    for (let i = 0; i < 40; i++) {
      const res = await chat(key, { model: "w" });
      served[res.headers.get("x-gateway-provider") as "faux" | "backup"]++;
      expect(res.headers.get("x-gateway-attempts")).toBe("1");
      await res.text();
    }
    expect(served.faux).toBeGreaterThan(15);
    expect(served.backup).toBeGreaterThan(3);
  });
});

describe("per-request overrides (keys with allowOverrides)", () => {
  const twoTargets = { ...workflow, health: undefined, targets: [workflow.targets[0], { provider: "backup", model: "words-2" }] };

  it("x-gateway-targets narrows the workflow for one request; x-gateway-timeout-ms bounds it", async () => {
    const { key } = await setupTenant(
      { w: twoTargets, slow: { ...twoTargets, targets: [{ provider: "faux", model: "stall-headers" }] } },
      { allowOverrides: true },
    );
    const res = await chat(key, { model: "w" }, { "x-gateway-targets": "backup/words-2" });
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    expect(res.headers.get("x-gateway-attempts")).toBe("1");
    await res.text();
    const started = Date.now();
    const timedOut = await chat(key, { model: "slow" }, { "x-gateway-timeout-ms": "300" });
    expect(timedOut.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(900);
    await timedOut.text();
    const bad = await chat(key, { model: "w" }, { "x-gateway-targets": "elsewhere/model" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.param).toBe("x-gateway-targets");
  });

  it("a key without the flag is refused (403)", async () => {
    const { key } = await setupTenant({ w: twoTargets });
    const res = await chat(key, { model: "w" }, { "x-gateway-targets": "backup/words-2" });
    expect(res.status).toBe(403);
    await res.text();
  });
});
