import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, chat, gatewayFetch, logOf, setupTenant } from "./gateway-client.ts";

/** The admin read endpoints the dashboard relies on (README "Dashboard"). */

const asKey = (key: string, path: string, init: RequestInit = {}) =>
  gatewayFetch(`/admin/v1${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });

describe("GET /admin/v1/whoami", () => {
  it("names the operator's scope, and a tenant admin key's own tenant", async () => {
    expect(await (await admin("GET", "/whoami")).json()).toEqual({ scope: "global" });
    const { tenant } = await setupTenant({});
    const created = (await (await admin("POST", `/tenants/${tenant}/keys`, { name: "ops", role: "admin" })).json()) as any;
    expect(await (await asKey(created.key, "/whoami")).json()).toEqual({ scope: "tenant", tenant, keyId: created.id });
  });
  it("refuses an inference key and a missing credential", async () => {
    const { key } = await setupTenant({});
    expect((await asKey(key, "/whoami")).status).toBe(403);
    expect((await gatewayFetch("/admin/v1/whoami")).status).toBe(401);
  });
});

describe("GET /admin/v1/tenants/{tenant}/workflow-stats", () => {
  it("counts traffic, failures, spend, cache and time to first byte per workflow, from the index", async () => {
    const fast = {
      retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
      timeouts: { firstEventMs: 500, idleMs: 500, totalMs: 5_000 },
    };
    const { tenant, key } = await setupTenant({
      ok: { ...fast, targets: [{ provider: "faux", model: "echo" }], cache: { ttlSeconds: 60 } },
      bad: { ...fast, targets: [{ provider: "faux", model: "status-503" }] },
    });
    // One after another, each once its record and cache entry are written (after the response): a miss, then a hit.
    for (const model of ["ok", "ok", "bad"]) {
      const res = await chat(key, { model });
      await res.text();
      await logOf(tenant, res);
      await expect.poll(async () => (await env.CACHE.list({ prefix: `cache:v1:${tenant}:` })).keys.length, { timeout: 5_000 }).toBe(1);
    }
    // The index entry is written by the record's object right after the record.
    const stats = async () => (await (await admin("GET", `/tenants/${tenant}/workflow-stats`)).json()) as any;
    await expect.poll(async () => (await stats()).data.reduce((n: number, w: any) => n + w.requests, 0), { timeout: 5_000 }).toBe(3);
    const body = await stats();
    expect(body).toMatchObject({ object: "list", window: "log retention", source: "log index" });
    const ok = body.data.find((w: any) => w.workflow === "ok");
    const bad = body.data.find((w: any) => w.workflow === "bad");
    expect(ok).toMatchObject({ requests: 2, failed: 0, errorRate: 0, cache: { hits: 1, misses: 1, hitRate: 0.5 } });
    expect(ok.spendUsd).toBeGreaterThan(0);
    expect(ok.ttfbP50Ms).toBeGreaterThan(0);
    expect(ok.ttfbBuckets.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(bad).toMatchObject({ requests: 1, failed: 1, errorRate: 1, ttfbP50Ms: null });
  });
  it("is scoped like every tenant route: another tenant's admin key gets 403", async () => {
    const a = await setupTenant({});
    const b = await setupTenant({});
    const bAdmin = ((await (await admin("POST", `/tenants/${b.tenant}/keys`, { name: "b", role: "admin" })).json()) as any).key;
    expect((await asKey(bAdmin, `/tenants/${a.tenant}/workflow-stats`)).status).toBe(403);
  });
});

describe("POST /admin/v1/tenants/{tenant}/workflows/{name}/check", () => {
  it("answers what a PUT would store, beside the stored workflow, and stores nothing", async () => {
    const targets = [{ provider: "faux", model: "echo" }];
    const { tenant } = await setupTenant({ w: { targets } });
    const res = await admin("POST", `/tenants/${tenant}/workflows/w/check`, { targets: [{ provider: "backup", model: "echo" }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.valid).toBe(true);
    expect(body.previous.targets).toEqual(targets);
    expect(body.workflow).toMatchObject({ name: "w", targets: [{ provider: "backup", model: "echo" }], logContent: "full" });
    expect(((await (await admin("GET", `/tenants/${tenant}/workflows/w`)).json()) as any).targets).toEqual(targets);
  });
  it("refuses an unusable JSON Schema and an unknown provider, naming the field", async () => {
    const { tenant } = await setupTenant({});
    const schema = await admin("POST", `/tenants/${tenant}/workflows/w/check`, {
      targets: [{ provider: "faux", model: "echo" }],
      responseSchema: { type: "objekt" },
    });
    expect(schema.status).toBe(400);
    expect(((await schema.json()) as any).error.param).toBe("responseSchema");
    const provider = await admin("POST", `/tenants/${tenant}/workflows/w/check`, { targets: [{ provider: "nope", model: "echo" }] });
    expect(((await provider.json()) as any).error).toMatchObject({ param: "targets[0].provider", code: "provider_not_found" });
  });
});
