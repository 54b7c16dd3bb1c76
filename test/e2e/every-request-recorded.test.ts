import { describe, expect, it } from "vitest";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();

/** A body nested `depth` levels deep in a field the gateway never reads. */
function deeplyNested(workflow: string, stream: boolean, depth: number): string {
  return `{"model":"${workflow}","stream":${stream},"messages":[{"role":"user","content":"hi"}],"metadata_blob":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

describe("every data-plane request leaves exactly one record (through wrangler dev)", () => {
  const bodies: Array<[string, (workflow: string, stream: boolean) => string]> = [
    [
      "a UTF-8 byte-order mark",
      (workflow, stream) => `\uFEFF${JSON.stringify({ model: workflow, stream, messages: [{ role: "user", content: "hi" }] })}`,
    ],
    ["deeply nested JSON in a field the gateway does not read", (workflow, stream) => deeplyNested(workflow, stream, 5_000)],
  ];
  for (const [name, body] of bodies) {
    for (const stream of [false, true]) {
      it(`${name} (${stream ? "streamed" : "non-streamed"}): never a 5xx, and its record`, async () => {
        const workflow = await t.workflow(`rec-${name.length}-${stream}`, "echo");
        const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
          body: body(workflow, stream),
        });
        await res.text();
        expect(res.status).toBeLessThan(500);
        const record = await logRecord(t.tenant, res.headers.get("x-request-id"));
        expect(record).toMatchObject({ httpStatus: res.status, workflow });
        const listed = await admin("GET", `/tenants/${t.tenant}/logs?workflow=${workflow}`);
        expect(listed.data).toHaveLength(1);
      });
    }
  }
});
