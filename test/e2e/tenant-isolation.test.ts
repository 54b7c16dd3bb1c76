import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { admin, adminCall, gatewayUrl } from "./harness.ts";

/** Issue 13, items 9-12: tenant deletion, hostile names, secrets shown back, unvalidated ids. */

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}${counter++}`;

async function chat(key: string, model: string, content = "hello isolation") {
  return fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
  });
}

/** A tenant with a faux provider, a cached workflow `w` and an inference key. */
async function tenantWithKey(name: string, hostnames: string[] = []) {
  await admin("PUT", `/tenants/${name}`, { hostnames });
  await admin("PUT", `/tenants/${name}/providers/faux`, { type: "faux" });
  await admin("PUT", `/tenants/${name}/workflows/w`, { targets: [{ provider: "faux", model: "echo" }], cache: { ttlSeconds: 300 } });
  return (await admin("POST", `/tenants/${name}/keys`, { name: "k" })).key as string;
}

describe("deleting a tenant", () => {
  it("stops its keys at once and leaves nothing for a new tenant of the same name", async () => {
    const name = uniqueName("del");
    const hostname = `${name}.tenants.example.test`;
    const key = await tenantWithKey(name, [hostname]);
    await admin("PUT", `/tenants/${name}/prices`, { prices: [{ model: "echo", inputPerMTok: 1, outputPerMTok: 1 }] });
    const first = await chat(key, "w");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-gateway-cache")).toBe("MISS");
    const requestId = first.headers.get("x-request-id");
    await expect.poll(async () => (await adminCall("GET", `/tenants/${name}/logs/${requestId}`)).status, { timeout: 5_000 }).toBe(200);
    // The answer is in the cache before the tenant goes.
    await expect.poll(async () => (await chat(key, "w")).headers.get("x-gateway-cache"), { timeout: 5_000 }).toBe("HIT");

    const deleted = await adminCall("DELETE", `/tenants/${name}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ name, deleted: true, keysRevoked: 1 });

    const after = await chat(key, "w");
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe("invalid_api_key");

    // The hostname is free again.
    await admin("PUT", `/tenants/${uniqueName("claim")}`, { hostnames: [hostname] });

    // Recreated under the same name: an empty tenant, and the old key still does nothing.
    await admin("PUT", `/tenants/${name}`, {});
    for (const kind of ["providers", "workflows", "keys"]) expect((await admin("GET", `/tenants/${name}/${kind}`)).data).toEqual([]);
    expect((await admin("GET", `/tenants/${name}/prices`)).prices).toEqual([]);
    expect((await chat(key, "w")).status).toBe(401);
    expect((await adminCall("GET", `/tenants/${name}/logs/${requestId}`)).status).toBe(404);
    await expect.poll(async () => (await admin("GET", `/tenants/${name}/logs`)).data, { timeout: 5_000 }).toEqual([]);

    // The old tenant's cached answers are gone too: the same workflow and request miss.
    const newKey = await tenantWithKey(name);
    const again = await chat(newKey, "w");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-gateway-cache")).toBe("MISS");
  });
});

describe("names cannot alias across tenants", () => {
  it("refuses names holding the storage separator or other characters outside the grammar, naming the parameter", async () => {
    const victim = uniqueName("iso");
    await tenantWithKey(victim);
    const hostile = [`${victim}:provider:x`, encodeURIComponent(`${victim}:provider:x`), "a".repeat(65), ".hidden", "x%231", "%E2%9C%93"];
    for (const tenant of hostile) {
      const res = await adminCall("PUT", `/tenants/${tenant}`, {});
      expect(res.status, tenant).toBe(400);
      expect(res.json.error).toMatchObject({ type: "invalid_request_error", param: "tenant" });
      const provider = await adminCall("PUT", `/tenants/${tenant}/providers/y`, { type: "faux" });
      expect(provider.status, tenant).toBe(400);
    }
    for (const kind of ["providers", "workflows"]) {
      const res = await adminCall("PUT", `/tenants/${victim}/${kind}/p:q`, { type: "faux", targets: [{ provider: "faux", model: "m" }] });
      expect(res.status).toBe(400);
      expect(res.json.error.param).toBe("name");
    }
    // The victim sees only its own provider.
    expect((await admin("GET", `/tenants/${victim}/providers`)).data.map((p: { name: string }) => p.name)).toEqual(["faux"]);
  });

  it("keeps dotted and dashed names that share a prefix apart", async () => {
    const a = uniqueName("pair");
    const b = `${a}.provider.x`;
    await admin("PUT", `/tenants/${a}`, {});
    await admin("PUT", `/tenants/${b}`, {});
    await admin("PUT", `/tenants/${b}/providers/y`, { type: "faux" });
    expect((await admin("GET", `/tenants/${a}/providers`)).data).toEqual([]);
    expect((await admin("GET", `/tenants/${b}/providers`)).data.map((p: { name: string }) => p.name)).toEqual(["y"]);
  });
});

describe("provider secrets outside apiKey", () => {
  let upstream: LoopbackUpstream;
  beforeAll(async () => {
    upstream = await startLoopbackUpstream();
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it("refuses credentials in baseUrl", async () => {
    const tenant = uniqueName("url");
    await admin("PUT", `/tenants/${tenant}`, {});
    for (const baseUrl of ["https://user:hunter2@llm.example.com/v1", "https://llm.example.com/v1?api_key=hunter2"]) {
      const res = await adminCall("PUT", `/tenants/${tenant}/providers/p`, { type: "openai-compatible", baseUrl });
      expect(res.status, baseUrl).toBe(400);
      expect(res.json.error.param).toBe("baseUrl");
      expect(JSON.stringify(res.json)).not.toContain("hunter2");
    }
  });

  it("seals credential headers and headers marked secret, shows their fingerprints, and still sends them upstream", async () => {
    const tenant = uniqueName("hdr");
    await admin("PUT", `/tenants/${tenant}`, {});
    const created = await adminCall("PUT", `/tenants/${tenant}/providers/up`, {
      type: "openai-compatible",
      baseUrl: upstream.baseUrl,
      headers: { Authorization: "Bearer sk-upstream-hidden", "x-api-key": "xk-hidden", "x-org": "org-hidden", "x-trace": "visible" },
      secretHeaders: ["x-org"],
    });
    expect(created.status).toBe(201);
    for (const path of [`/tenants/${tenant}/providers/up`, `/tenants/${tenant}/providers`]) {
      const text = JSON.stringify(await admin("GET", path));
      for (const secret of ["sk-upstream-hidden", "xk-hidden", "org-hidden"]) expect(text).not.toContain(secret);
    }
    const shown = await admin("GET", `/tenants/${tenant}/providers/up`);
    expect(shown.headers).toEqual({ "x-trace": "visible" });
    expect(Object.keys(shown.secretHeaderFingerprints).sort()).toEqual(["authorization", "x-api-key", "x-org"]);
    expect(shown.secretHeaderFingerprints.authorization).toMatch(/^[0-9a-f]{12}$/);

    await admin("PUT", `/tenants/${tenant}/workflows/w`, { targets: [{ provider: "up", model: "echo" }] });
    const key = (await admin("POST", `/tenants/${tenant}/keys`, { name: "k" })).key;
    expect((await chat(key, "w")).status).toBe(200);
    const call = upstream.calls.at(-1);
    expect(call?.headers).toMatchObject({
      authorization: "Bearer sk-upstream-hidden",
      "x-api-key": "xk-hidden",
      "x-org": "org-hidden",
      "x-trace": "visible",
    });

    // Like apiKey, a PUT that does not name a secret header keeps it; null removes it.
    await admin("PUT", `/tenants/${tenant}/providers/up`, {
      type: "openai-compatible",
      baseUrl: upstream.baseUrl,
      headers: { "x-api-key": null },
    });
    const kept = await admin("GET", `/tenants/${tenant}/providers/up`);
    expect(Object.keys(kept.secretHeaderFingerprints).sort()).toEqual(["authorization", "x-org"]);
    expect(kept.headers).toBeUndefined();
  });
});

describe("ids and map keys are validated before storage", () => {
  it("answers 400 naming the parameter for an oversized key id, a bad request id and a __proto__ header", async () => {
    const tenant = uniqueName("ids");
    await admin("PUT", `/tenants/${tenant}`, {});
    for (const method of ["GET", "DELETE"]) {
      const res = await adminCall(method, `/tenants/${tenant}/keys/key_${"x".repeat(1_000)}`);
      expect(res.status, method).toBe(400);
      expect(res.json.error).toMatchObject({ type: "invalid_request_error", param: "id" });
    }
    const log = await adminCall("GET", `/tenants/${tenant}/logs/${"r".repeat(600)}`);
    expect(log.status).toBe(400);
    expect(log.json.error.param).toBe("requestId");

    const proto = await fetch(`${gatewayUrl()}/admin/v1/tenants/${tenant}/providers/p`, {
      method: "PUT",
      headers: { authorization: `Bearer ${inject("adminToken")}`, "content-type": "application/json" },
      body: '{"type":"faux","headers":{"__proto__":"x"}}',
    });
    expect(proto.status).toBe(400);
    expect(((await proto.json()) as any).error.param).toMatch(/^headers/);

    for (const headers of [{ "x-a": "1\r\nx-injected: 1" }, { "x-a": "1", "X-A": "2" }, { host: "evil.example.com" }]) {
      const res = await adminCall("PUT", `/tenants/${tenant}/providers/p`, { type: "faux", headers });
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(res.json.error.param).toMatch(/^headers/);
    }
    const host = await adminCall("PUT", `/tenants/${tenant}`, { hostnames: ["bad:host/name"] });
    expect(host.status).toBe(400);
    expect(host.json.error.param).toBe("hostnames[0]");
  });

  it("bounds the rest of the admin API and the data plane's model lookup the same way", async () => {
    const tenant = uniqueName("rest");
    const key = await tenantWithKey(tenant);
    const price = await adminCall("PUT", `/tenants/${tenant}/prices`, {
      prices: [{ provider: "a:b", model: "m", inputPerMTok: 1, outputPerMTok: 1 }],
    });
    expect(price.status).toBe(400);
    expect(price.json.error.param).toBe("prices[0].provider");
    const logs = await adminCall("GET", `/tenants/${tenant}/logs?keyId=${"k".repeat(600)}`);
    expect(logs.status).toBe(400);
    expect(logs.json.error.param).toBe("keyId");
    // A model no workflow could be named is a 404, not a storage error; one longer than any name could be is a 400.
    for (const model of ["w".repeat(100), `${"p".repeat(100)}/m`]) {
      const res = await chat(key, model);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("model_not_found");
    }
    const tooLong = await chat(key, "w".repeat(1_000));
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.param).toBe("model");
  });
});
