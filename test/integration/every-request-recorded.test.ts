import { describe, expect, it } from "vitest";
import { admin, gatewayFetch, logOf, setupTenant } from "./gateway-client.ts";

const fast = { timeouts: { firstEventMs: 500, idleMs: 500, totalMs: 10_000 } };

/** A body nested `depth` levels deep, in a field the gateway never reads. */
function deeplyNested(depth: number): string {
  return `{"model":"w","messages":[{"role":"user","content":"hi"}],"metadata_blob":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

describe("every data-plane request leaves exactly one record", () => {
  const bodies: Array<[string, (stream: boolean) => BodyInit]> = [
    ["a UTF-8 byte-order mark", (stream) => `\uFEFF${JSON.stringify({ model: "w", stream, messages: [{ role: "user", content: "hi" }] })}`],
    [
      "deeply nested JSON in a field the gateway does not read",
      (stream) => deeplyNested(5_000).replace('"model":"w"', `"model":"w","stream":${stream}`),
    ],
  ];
  for (const [name, body] of bodies) {
    for (const stream of [false, true]) {
      it(`${name} (${stream ? "streamed" : "non-streamed"}): never a 5xx, and one record`, async () => {
        const { tenant, key } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "echo" }] } });
        const res = await gatewayFetch("/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: body(stream),
        });
        await res.text();
        expect(res.status).toBeLessThan(500);
        const record = await logOf(tenant, res);
        expect(record.httpStatus).toBe(res.status);
        const listed = (await (await admin("GET", `/tenants/${tenant}/logs`)).json()) as { data: unknown[] };
        expect(listed.data).toHaveLength(1);
      });
    }
  }
});
