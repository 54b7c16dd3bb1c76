import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { gatewayUrl, useTenant } from "./harness.ts";

const t = useTenant();
const origin = "https://app.example.test";
const messages = [{ role: "user" as const, content: "hello gateway" }];
/** What a browser running the openai SDK asks to send (the SDK's own headers included). */
const requested = "authorization,content-type,x-stainless-os,x-stainless-lang,x-stainless-retry-count,x-stainless-timeout,idempotency-key";

function preflight(path: string, requestHeaders = requested) {
  return fetch(`${gatewayUrl()}${path}`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders },
  });
}

/** The SDK pointed at the gateway with a fetch that behaves like a browser's: it sends Origin and enforces CORS on the answer. */
function browserClient() {
  const browserFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("origin", origin);
    const res = await fetch(input, { ...init, headers });
    const allowed = res.headers.get("access-control-allow-origin");
    if (allowed !== "*" && allowed !== origin) throw new TypeError("Failed to fetch (CORS)");
    return res;
  };
  return new OpenAI({ baseURL: `${gatewayUrl()}/v1`, apiKey: t.key, maxRetries: 0, fetch: browserFetch, dangerouslyAllowBrowser: true });
}

describe("CORS on the data plane", () => {
  it("answers a preflight without a key: 204, any origin, our methods and the SDK's headers", async () => {
    const res = await preflight("/v1/chat/completions");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").split(/,\s*/);
    for (const name of requested.split(",")) expect(allowed).toContain(name);
    for (const name of ["x-request-id", "cache-control", "openai-organization"]) expect(allowed).toContain(name);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("the browser-like SDK: non-stream and stream succeed and can read our headers", async () => {
    await t.workflow("browser", "words-3");
    const client = browserClient();
    const { data, response } = await client.chat.completions.create({ model: "browser", messages }).withResponse();
    expect(data.choices[0]?.message.content).toBe("alpha bravo charlie");
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").split(/,\s*/);
    for (const name of ["x-request-id", "x-gateway-provider", "x-gateway-model", "x-gateway-attempts", "x-gateway-cache", "retry-after"])
      expect(exposed).toContain(name);

    const { data: stream, response: streamed } = await client.chat.completions
      .create({ model: "browser", messages, stream: true })
      .withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("alpha bravo charlie");
    expect(streamed.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("errors carry CORS headers too, so a browser can read them (401, 400, 404, 502)", async () => {
    await t.workflow("broken", "status-500");
    const post = (body: unknown, key = t.key) =>
      fetch(`${gatewayUrl()}/v1/chat/completions`, {
        method: "POST",
        headers: { origin, authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const responses = [
      await post({ model: "browser", messages }, "sk-wrong"),
      await post({ model: 5, messages }),
      await post({ model: "nope", messages }),
      await post({ model: "broken", messages }),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 400, 404, 502]);
    for (const res of responses) {
      expect(res.headers.get("access-control-allow-origin"), String(res.status)).toBe("*");
      expect(res.headers.get("access-control-expose-headers")).toMatch(/x-request-id/);
    }
  });

  it("never on the admin API", async () => {
    const res = await fetch(`${gatewayUrl()}/admin/v1/tenants/${t.tenant}`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const got = await fetch(`${gatewayUrl()}/admin/v1/tenants/${t.tenant}`, { headers: { origin, authorization: "Bearer nope" } });
    expect(got.headers.get("access-control-allow-origin")).toBeNull();
  });
});
