import { describe, expect, it } from "vitest";
import { gatewayFetch, logOf, setupTenant } from "./gateway-client.ts";

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
