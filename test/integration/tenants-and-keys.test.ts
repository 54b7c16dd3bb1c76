import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, chat, gatewayFetch, setupTenant } from "./gateway-client.ts";

const echo = { targets: [{ provider: "faux", model: "echo" }] };

/** An admin API call with a gateway key as the credential. */
function asKey(key: string, method: string, path: string, body?: unknown) {
  return gatewayFetch(path, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A request to the Worker as if it arrived on `hostname`. */
function onHost(hostname: string, path: string, init: RequestInit): Promise<Response> {
  return exports.default.fetch(`https://${hostname}${path}`, init);
}

describe("per-tenant routes", () => {
  it("a tenant's hostname accepts only that tenant's keys (data plane and admin)", async () => {
    const a = await setupTenant({ w: echo });
    const b = await setupTenant({ w: echo });
    const host = `${a.tenant}.gateway.example.com`;
    await admin("PUT", `/tenants/${a.tenant}`, { hostnames: [host] });
    const body = JSON.stringify({ model: "w", messages: [{ role: "user", content: "hi" }] });
    const own = await onHost(host, "/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${a.key}` }, body });
    expect(own.status).toBe(200);
    const foreign = await onHost(host, "/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${b.key}` }, body });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.code).toBe("wrong_tenant_for_host");
    // B's key still works on the shared hostname.
    expect((await chat(b.key, { model: "w" })).status).toBe(200);

    const bAdmin = ((await (await admin("POST", `/tenants/${b.tenant}/keys`, { name: "b-admin", role: "admin" })).json()) as any).key;
    const adminOnForeignHost = await onHost(host, `/admin/v1/tenants/${b.tenant}/workflows`, {
      headers: { authorization: `Bearer ${bAdmin}` },
    });
    expect(adminOnForeignHost.status).toBe(403);
  });

  it("a hostname cannot be claimed by two tenants", async () => {
    const a = await setupTenant({});
    const b = await setupTenant({});
    await admin("PUT", `/tenants/${a.tenant}`, { hostnames: [`shared-${a.tenant}.example.com`] });
    const res = await admin("PUT", `/tenants/${b.tenant}`, { hostnames: [`shared-${a.tenant}.example.com`] });
    expect(res.status).toBe(409);
  });
});

describe("key roles", () => {
  it("an admin key manages its own tenant and nothing else", async () => {
    const a = await setupTenant({ w: echo });
    const b = await setupTenant({ w: echo });
    const aAdmin = ((await (await admin("POST", `/tenants/${a.tenant}/keys`, { name: "ops", role: "admin" })).json()) as any).key;
    expect((await asKey(aAdmin, "PUT", `/admin/v1/tenants/${a.tenant}/workflows/new`, echo)).status).toBe(201);
    expect((await asKey(aAdmin, "GET", `/admin/v1/tenants/${a.tenant}/logs`)).status).toBe(200);
    expect((await asKey(aAdmin, "POST", `/admin/v1/tenants/${a.tenant}/keys`, { name: "made-by-tenant-admin" })).status).toBe(201);
    for (const [method, path] of [
      ["GET", `/admin/v1/tenants/${b.tenant}/workflows`],
      ["GET", `/admin/v1/tenants/${b.tenant}/logs`],
      ["PUT", `/admin/v1/tenants/${b.tenant}/workflows/x`],
      ["GET", "/admin/v1/tenants"],
      ["PUT", `/admin/v1/tenants/${a.tenant}`],
      ["DELETE", `/admin/v1/tenants/${a.tenant}`],
    ] as const) {
      const res = await asKey(aAdmin, method, path, method === "PUT" ? echo : undefined);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // It cannot call the data plane either.
    expect((await chat(aAdmin, { model: "w" })).status).toBe(403);
  });

  it("keys carry a last-used time", async () => {
    const { tenant, key, keyId } = await setupTenant({ w: echo });
    const before = ((await (await admin("GET", `/tenants/${tenant}/keys/${keyId}`)).json()) as any).usage.lastUsedAt;
    expect(before).toBeNull();
    await (await chat(key, { model: "w" })).text();
    await expect
      .poll(async () => ((await (await admin("GET", `/tenants/${tenant}/keys/${keyId}`)).json()) as any).usage.lastUsedAt, {
        timeout: 3_000,
      })
      .not.toBeNull();
  });
});

describe("limits", () => {
  it("requests per minute: 429 naming the limit, with retry-after", async () => {
    const { key } = await setupTenant({ w: echo }, { limits: { requestsPerMinute: 2 } });
    expect((await chat(key, { model: "w" })).status).toBe(200);
    expect((await chat(key, { model: "w" })).status).toBe(200);
    const limited = await chat(key, { model: "w" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as any;
    expect(body.error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(body.error.message).toContain("2 requests per minute");
  });

  it("monthly budget: once the logged cost reaches it, 429 until next month", async () => {
    const { tenant, key, keyId } = await setupTenant({ w: echo }, { limits: { monthlyBudgetUsd: 0.000001 } });
    const first = await chat(key, { model: "w" });
    expect(first.status).toBe(200);
    await first.text();
    await expect
      .poll(async () => ((await (await admin("GET", `/tenants/${tenant}/keys/${keyId}`)).json()) as any).usage.spendThisMonthUsd, {
        timeout: 5_000,
      })
      .toBeGreaterThan(0.000001);
    const limited = await chat(key, { model: "w" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as any).error.code).toBe("budget_exceeded");
  });
});

describe("secrets at rest", () => {
  it("provider API keys are stored encrypted, never returned, and still used upstream", async () => {
    const { tenant } = await setupTenant({});
    await admin("PUT", `/tenants/${tenant}/providers/sealed`, { type: "openai", apiKey: "sk-plaintext-never-stored" });
    const raw = await env.CONFIG.get(`v1:t:${tenant}:provider:sealed`);
    expect(raw).not.toContain("sk-plaintext-never-stored");
    expect(JSON.parse(raw ?? "{}").apiKeySealed).toMatch(/^v1\./);
    const shown = await (await admin("GET", `/tenants/${tenant}/providers/sealed`)).text();
    expect(shown).not.toContain("sk-plaintext-never-stored");
    expect(shown).not.toContain("apiKeySealed");
    expect(JSON.parse(shown)).toMatchObject({ hasApiKey: true, apiKeyFingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) });
  });
});

describe("spend", () => {
  it("a key without a budget: its month's spend is summed from the log index, and its usage object stores none", async () => {
    const { tenant, key, keyId } = await setupTenant({ w: echo });
    for (let i = 0; i < 2; i++) await (await chat(key, { model: "w" })).text();
    await expect
      .poll(async () => ((await (await admin("GET", `/tenants/${tenant}/keys/${keyId}`)).json()) as any).usage.spendThisMonthUsd, {
        timeout: 5_000,
      })
      .toBeCloseTo(2 * ((2 * 1 + 3 * 2) / 1e6), 12);
    const usage = env.KEY_USAGE.get(env.KEY_USAGE.idFromName(`${tenant}:${keyId}`));
    const spendRows = await runInDurableObject(usage, (_object, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name = 'spend'").toArray();
      return tables.length === 0 ? 0 : state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM spend").one().n;
    });
    expect(spendRows).toBe(0);
  });
});
