import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, chat, gatewayFetch, setupTenant } from "./gateway-client.ts";

describe("admin API", () => {
  it("401 without credentials; 403 for an inference key, which manages nothing", async () => {
    expect((await gatewayFetch("/admin/v1/tenants")).status).toBe(401);
    expect((await gatewayFetch("/admin/v1/tenants", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const { tenant, key } = await setupTenant({});
    const res = await gatewayFetch(`/admin/v1/tenants/${tenant}/providers`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe("wrong_key_role");
  });

  it("tenant, provider and workflow CRUD", async () => {
    const name = `crud${Date.now().toString(36)}`;
    expect((await admin("PUT", `/tenants/${name}`, { hostnames: ["Crud.Example.com"] })).status).toBe(201);
    expect(((await (await admin("GET", `/tenants/${name}`)).json()) as any).hostnames).toEqual(["crud.example.com"]);
    expect(
      (
        await admin("PUT", `/tenants/${name}/providers/p`, {
          type: "openai-compatible",
          baseUrl: "http://127.0.0.1:9/v1",
          apiKey: "sk-secret",
        })
      ).status,
    ).toBe(201);
    expect((await admin("PUT", `/tenants/${name}/workflows/w`, { targets: [{ provider: "p", model: "m" }] })).status).toBe(201);
    const workflow = (await (await admin("GET", `/tenants/${name}/workflows/w`)).json()) as any;
    expect(workflow).toMatchObject({
      name: "w",
      retry: { maxAttempts: 2 },
      timeouts: { firstEventMs: 30_000 },
      cache: null,
      logContent: "full",
    });
    expect(((await (await admin("GET", `/tenants/${name}/workflows`)).json()) as any).data).toHaveLength(1);
    expect((await admin("DELETE", `/tenants/${name}/workflows/w`)).status).toBe(200);
    expect((await admin("GET", `/tenants/${name}/workflows/w`)).status).toBe(404);
    expect((await admin("DELETE", `/tenants/${name}`)).status).toBe(200);
    expect((await admin("GET", `/tenants/${name}`)).status).toBe(404);
  });

  it("provider apiKey is write-only and kept across a PUT without it", async () => {
    const { tenant } = await setupTenant({});
    await admin("PUT", `/tenants/${tenant}/providers/p`, { type: "openai", apiKey: "sk-very-secret" });
    await admin("PUT", `/tenants/${tenant}/providers/p`, { type: "openai", headers: { "x-extra": "1" } });
    for (const path of [`/tenants/${tenant}/providers/p`, `/tenants/${tenant}/providers`]) {
      const text = await (await admin("GET", path)).text();
      expect(text).not.toContain("sk-very-secret");
      expect(text).toContain('"hasApiKey":true');
    }
  });

  it("validation errors name the field, in OpenAI's shape", async () => {
    const { tenant } = await setupTenant({});
    const cases: Array<[string, unknown, string]> = [
      [`/tenants/${tenant}/workflows/w`, { targets: [] }, "targets"],
      [`/tenants/${tenant}/workflows/w`, { targets: [{ provider: "nope", model: "m" }] }, "targets[0].provider"],
      [`/tenants/${tenant}/workflows/w`, { targets: [{ provider: "faux", model: "m" }], cache: { ttlSeconds: 10 } }, "cache.ttlSeconds"],
      [`/tenants/${tenant}/providers/p`, { type: "openai-compatible" }, "baseUrl"],
      [`/tenants/${tenant}/providers/p`, { type: "carrier-pigeon" }, "type"],
    ];
    for (const [path, body, param] of cases) {
      const res = await admin("PUT", path, body);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as any).error.param).toBe(param);
    }
    const ttl = await admin("PUT", `/tenants/${tenant}/workflows/w`, {
      targets: [{ provider: "faux", model: "m" }],
      cache: { ttlSeconds: 10 },
    });
    expect(((await ttl.json()) as any).error.message).toContain("Workers KV");
  });

  it("keys: shown once, stored only as a hash, listed without secrets, revocable", async () => {
    const { tenant } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    const created = (await (await admin("POST", `/tenants/${tenant}/keys`, { name: "ci" })).json()) as any;
    expect(created.key).toMatch(/^sk-gw-/);
    expect(created.hash).toBeUndefined();
    expect((await chat(created.key, { model: "w" })).status).toBe(200);

    const listing = await (await admin("GET", `/tenants/${tenant}/keys`)).text();
    expect(listing).not.toContain(created.key);
    // Raw storage never holds the secret itself.
    const stored = await env.CONFIG.list({ prefix: `v1:t:${tenant}:key:` });
    for (const { name } of stored.keys) expect(await env.CONFIG.get(name)).not.toContain(created.key);

    expect((await admin("DELETE", `/tenants/${tenant}/keys/${created.id}`)).status).toBe(200);
    expect((await chat(created.key, { model: "w" })).status).toBe(401);
  });
});
