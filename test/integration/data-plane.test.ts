import { describe, expect, it } from "vitest";
import { admin, chat, gatewayFetch, logOf, readSse, setupTenant } from "./gateway-client.ts";

/** OpenAI's error shape: exactly message, type, param and code. */
function expectOpenAIError(body: any) {
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(typeof body.error.message).toBe("string");
}

describe("data plane: auth and input errors", () => {
  it("401 with an OpenAI error and a request id when the key is missing or unknown", async () => {
    for (const headers of [{}, { authorization: "Bearer sk-nope" }] as Record<string, string>[]) {
      const res = await gatewayFetch("/v1/chat/completions", { method: "POST", headers, body: "{}" });
      expect(res.status).toBe(401);
      expect(res.headers.get("x-request-id")).toMatch(/^req_/);
      const body = (await res.json()) as { error: { type: string; code: string } };
      expect(body.error).toMatchObject({ type: "authentication_error", code: "invalid_api_key", param: null });
    }
  });

  it("400 for malformed JSON, and names the field that fails validation", async () => {
    const { key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    const bad = await gatewayFetch("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe("invalid_json");

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ model: "w" }, "messages"],
      [{ model: "w", messages: [] }, "messages"],
      [{ model: "w", messages: [{ role: "robot", content: "x" }] }, "messages[0].role"],
      [{ messages: [{ role: "user", content: "x" }] }, "model"],
      [{ model: "w", messages: [{ role: "user", content: "x" }], stream: "yes" }, "stream"],
    ];
    for (const [body, param] of cases) {
      const res = await gatewayFetch("/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as any;
      expectOpenAIError(json);
      expect(json.error.param).toBe(param);
    }
  });

  it("413 for a body over MAX_BODY_BYTES", async () => {
    const { key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    const res = await chat(key, { model: "w", messages: [{ role: "user", content: "x".repeat(70_000) }] });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("request_too_large");
  });

  it("404 model_not_found for an unknown workflow or provider", async () => {
    const { key } = await setupTenant({});
    for (const model of ["nope", "nope/echo"]) {
      const res = await chat(key, { model });
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error).toMatchObject({ code: "model_not_found", param: "model" });
    }
  });

  it("403 when the key may not use the workflow", async () => {
    const { key } = await setupTenant(
      { allowed: { targets: [{ provider: "faux", model: "echo" }] }, other: { targets: [{ provider: "faux", model: "echo" }] } },
      { workflows: ["allowed"] },
    );
    expect((await chat(key, { model: "allowed" })).status).toBe(200);
    const res = await chat(key, { model: "other" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.type).toBe("permission_error");
  });

  it("echoes x-client-request-id and returns JSON errors for unknown routes", async () => {
    const { key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    const res = await chat(key, { model: "w" }, { "x-client-request-id": "client-42" });
    expect(res.headers.get("x-client-request-id")).toBe("client-42");
    const missing = await gatewayFetch("/v2/nothing");
    expect(missing.status).toBe(404);
    expectOpenAIError(await missing.json());
  });
});

describe("data plane: answers", () => {
  it("non-stream: an OpenAI chat completion with served-by headers", async () => {
    const { key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    const res = await chat(key, { model: "w" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-provider")).toBe("faux");
    expect(res.headers.get("x-gateway-model")).toBe("echo");
    expect(res.headers.get("x-gateway-attempts")).toBe("1");
    const body = (await res.json()) as any;
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0].message.content).toBe("Echo: hello gateway");
  });

  it("stream: SSE headers, chunks in order, [DONE] last", async () => {
    const { key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    const res = await chat(key, { model: "w", stream: true });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const sse = await readSse(res);
    expect(sse.text).toBe("Echo: hello gateway");
    expect(sse.done).toBe(true);
  });

  it("direct <provider>/<model> routes work without a workflow", async () => {
    const { key } = await setupTenant({});
    const res = await chat(key, { model: "faux/words-3" });
    expect(((await res.json()) as any).choices[0].message.content).toBe("alpha bravo charlie");
  });

  it("lists workflows and direct routes the key may use", async () => {
    const { key } = await setupTenant({
      a: { targets: [{ provider: "faux", model: "echo" }] },
      b: { targets: [{ provider: "faux", model: "echo" }] },
    });
    const res = await gatewayFetch("/v1/models", { headers: { authorization: `Bearer ${key}` } });
    const ids = ((await res.json()) as any).data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["a", "b", "faux/echo", "backup/echo"]));

    const restricted = await setupTenant(
      { a: { targets: [{ provider: "faux", model: "echo" }] }, b: { targets: [{ provider: "faux", model: "echo" }] } },
      { workflows: ["a"] },
    );
    const only = await gatewayFetch("/v1/models", { headers: { authorization: `Bearer ${restricted.key}` } });
    expect(((await only.json()) as any).data.map((m: { id: string }) => m.id)).toEqual(["a"]);
  });

  it("a workflow change applies to the next request", async () => {
    const { tenant, key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    expect(((await (await chat(key, { model: "w" })).json()) as any).choices[0].message.content).toBe("Echo: hello gateway");
    await admin("PUT", `/tenants/${tenant}/workflows/w`, { targets: [{ provider: "faux", model: "words-2" }] });
    expect(((await (await chat(key, { model: "w" })).json()) as any).choices[0].message.content).toBe("alpha bravo");
  });
});

describe("tests run with the network closed", () => {
  it("an outbound request that no test mocked fails, and the record says why", async () => {
    const { tenant, key } = await setupTenant({});
    expect((await admin("PUT", `/tenants/${tenant}/providers/real`, { type: "openai", apiKey: "sk-not-used-anywhere" })).ok).toBe(true);
    const res = await chat(key, { model: "real/gpt-4o-mini" });
    expect(res.status).toBe(502);
    const log = await logOf(tenant, res);
    expect(log.attempts[0].reason).toContain("unmocked outbound request to https://api.openai.com");
  });
});
