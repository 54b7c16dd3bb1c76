import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, gatewayFetch, logOf, setupTenant } from "./gateway-client.ts";

const echo = { targets: [{ provider: "faux", model: "echo" }] };

function post(key: string, body: BodyInit) {
  return gatewayFetch("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
}

describe("records are readable whatever their bodies hold", () => {
  it("a body nested 20,000 deep is answered and its record reads back, the body as text", async () => {
    const { tenant, key } = await setupTenant({ w: echo });
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const res = await post(key, `{"model":"w","messages":[{"role":"user","content":"hi"}],"extra":${deep}}`);
    expect(res.status).toBe(200);
    await res.text();
    const log = await logOf(tenant, res);
    expect(log.outcome).toBe("completed");
    expect(typeof log.request).toBe("string");
    expect(log.request).toContain(deep);
  });
});

/** A door's path, and a body its validation refuses, with the field that carries a secret-looking value to redact. */
const refusedOnEachDoor: Array<[string, Record<string, unknown>]> = [
  ["/v1/chat/completions", { model: "w", stream: true, messages: "not a list" }],
  ["/v1/responses", { model: "w", stream: true, input: 42 }],
  ["/v1/messages", { model: "w", stream: true, max_tokens: "many", messages: [] }],
  ["/v1/embeddings", { model: "w", input: { not: "embeddable" } }],
];

describe("a refused request's record keeps what was sent", () => {
  for (const [path, body] of refusedOnEachDoor)
    it(`${path}: the body and the stream flag`, async () => {
      const { tenant, key } = await setupTenant({ w: echo });
      const res = await gatewayFetch(path, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ ...body, note: `sent with ${key}` }),
      });
      expect(res.status).toBe(400);
      await res.text();
      const log = await logOf(tenant, res);
      expect(log).toMatchObject({ outcome: "rejected", httpStatus: 400, stream: body.stream === true });
      expect(log.request).toMatchObject(body);
      // Redacted like any record: the gateway key the request used is not kept.
      expect(JSON.stringify(log)).not.toContain(key);
    });

  it("a body that is not JSON is kept as its text", async () => {
    const { tenant, key } = await setupTenant({ w: echo });
    const res = await post(key, "model=w&stream=true");
    expect(res.status).toBe(400);
    await res.text();
    const log = await logOf(tenant, res);
    expect(log).toMatchObject({ outcome: "rejected", request: "model=w&stream=true", stream: false });
  });

  it("invalid UTF-8 is kept as the replacement characters it decoded to", async () => {
    const { tenant, key } = await setupTenant({ w: echo });
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"model":"w","messages":"'),
      0xff,
      0xfe,
      0xc3,
      ...new TextEncoder().encode('"}'),
    ]);
    const res = await post(key, bytes);
    expect(res.status).toBe(400);
    await res.text();
    const log = await logOf(tenant, res);
    expect(log.request).toEqual({ model: "w", messages: "\ufffd\ufffd\ufffd" });
  });

  it("a body naming a workflow that keeps metadata only is not kept", async () => {
    const { tenant, key } = await setupTenant({ w: { ...echo, logContent: "metadata" } });
    const res = await post(key, JSON.stringify({ model: "w", stream: true, messages: 7 }));
    expect(res.status).toBe(400);
    await res.text();
    const log = await logOf(tenant, res);
    expect(log).toMatchObject({ outcome: "rejected", request: null });
  });
});

describe("the admin API answers a deep body with a 400, never a 5xx", () => {
  it("every body-reading route refuses 3,000 nested levels before validating", async () => {
    const { tenant } = await setupTenant({ w: echo });
    const deep = `${"[".repeat(3000)}${"]".repeat(3000)}`;
    const routes: Array<[string, string, string]> = [
      ["PUT", `/tenants/${tenant}`, `{"hostnames":[],"x":${deep}}`],
      ["PUT", `/tenants/${tenant}/workflows/w2`, `{"targets":[{"provider":"faux","model":"echo"}],"responseSchema":{"items":${deep}}}`],
      ["POST", `/tenants/${tenant}/workflows/w/check`, `{"targets":[{"provider":"faux","model":"echo"}],"x":${deep}}`],
      ["PUT", `/tenants/${tenant}/providers/p`, `{"type":"faux","headers":{"x":${deep}}}`],
      ["POST", `/tenants/${tenant}/keys`, `{"name":"k","x":${deep}}`],
      ["PUT", `/tenants/${tenant}/prices`, `{"prices":${deep}}`],
    ];
    for (const [method, path, body] of routes) {
      const res = await gatewayFetch(`/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body,
      });
      expect([method, path, res.status]).toEqual([method, path, 400]);
      expect(((await res.json()) as any).error.message).toContain("nested deeper than 64 levels");
    }
  });
});
