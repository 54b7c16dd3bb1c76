import { describe, expect, it } from "vitest";
import { admin, chat, logOf, readSse, setupTenant } from "./gateway-client.ts";

/** The faux `json` model answers `{"echo": "<prompt>"}`; `echo` answers plain text (not JSON). */
const schema = {
  type: "object",
  properties: { echo: { type: "string", pattern: "^ok" } },
  required: ["echo"],
  additionalProperties: false,
};
const fast = {
  retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
  timeouts: { firstEventMs: 2_000, idleMs: 2_000, totalMs: 10_000 },
};
const workflow = (models: string[], contract: Record<string, unknown> = {}) => ({
  ...fast,
  targets: models.map((model, i) => ({ provider: i === 0 ? "faux" : "backup", model })),
  responseSchema: schema,
  contract,
});
const ask = (text: string) => ({ messages: [{ role: "user", content: text }] });

describe("response contracts", () => {
  it("a valid answer passes, the schema is sent upstream natively, and the verdict is logged", async () => {
    const { tenant, key } = await setupTenant({ w: workflow(["json"]) });
    const res = await chat(key, { model: "w", ...ask("ok fine") });
    expect(res.status).toBe(200);
    expect(JSON.parse(((await res.json()) as any).choices[0].message.content)).toEqual({ echo: "ok fine" });
    const log = await logOf(tenant, res);
    expect(log.contract).toMatchObject({ source: "workflow", verdict: "passed", errors: [] });
    expect(log.attemptBodies[0].response_format).toEqual({ type: "json_schema", json_schema: { name: "response", schema, strict: true } });
  });

  it.each([
    ["non-stream", false, {}],
    ["buffered stream", true, { stream: "buffer" }],
  ])("%s: invalid JSON and schema violations fail over to a target that complies", async (_, stream, contract) => {
    for (const primary of ["echo", "json-bad"]) {
      const { tenant, key } = await setupTenant({ w: workflow([primary, "json"], contract) });
      const res = await chat(key, { model: "w", stream, ...ask("ok go") });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-gateway-provider")).toBe("backup");
      expect(res.headers.get("x-gateway-attempts")).toBe("2");
      const text = stream ? (await readSse(res)).text : ((await res.json()) as any).choices[0].message.content;
      expect(JSON.parse(text)).toEqual({ echo: "ok go" });
      const log = await logOf(tenant, res);
      expect(log.attempts[0]).toMatchObject({ errorClass: "contract_violation", decision: "fallback" });
      expect(log.attempts[0].reason).toContain(primary === "echo" ? "not valid JSON" : 'required property "echo"');
      expect(log.contract.verdict).toBe("passed");
    }
  });

  it("every target violating: 502 response_contract_violation naming paths and reasons", async () => {
    const { tenant, key } = await setupTenant({ w: workflow(["json", "json"]) });
    const res = await chat(key, { model: "w", ...ask("nope") });
    expect(res.status).toBe(502);
    const { error } = (await res.json()) as any;
    expect(error.code).toBe("response_contract_violation");
    expect(error.message).toContain("faux/json (attempt 1)");
    expect(error.message).toContain("backup/json (attempt 1)");
    expect(error.message).toMatch(/\/echo: .*pattern/i);
    const log = await logOf(tenant, res);
    expect(log.outcome).toBe("failed_before_output");
    expect(log.contract.verdict).toBe("violated");
    expect(log.contract.errors[0].path).toBe("/echo");
    expect(log.attempts.map((a: any) => a.errorClass)).toEqual(["contract_violation", "contract_violation"]);
  });

  it("streamed (validate at end): the content streams, then a violation ends it with an error event, no [DONE]", async () => {
    const { tenant, key } = await setupTenant({ w: workflow(["json", "json"]) });
    const res = await chat(key, { model: "w", stream: true, ...ask("nope") });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-attempts")).toBe("1");
    const sse = await readSse(res);
    expect(JSON.parse(sse.text)).toEqual({ echo: "nope" });
    expect(sse.done).toBe(false);
    expect(sse.events.at(-1)?.error).toMatchObject({ code: "response_contract_violation" });
    expect(sse.events.at(-1)?.error.message).toContain("/echo");
    const log = await logOf(tenant, res);
    expect(log.outcome).toBe("failed_after_output");
    expect(log.contract.verdict).toBe("violated");
  });

  it("a violating answer is never cached; a valid one is", async () => {
    const { key } = await setupTenant({ w: { ...workflow(["json"]), cache: { ttlSeconds: 60 } } });
    for (let i = 0; i < 2; i++) {
      const bad = await chat(key, { model: "w", stream: true, ...ask("nope") });
      expect(bad.headers.get("x-gateway-cache")).toBe("MISS");
      await bad.text();
    }
    const good = await chat(key, { model: "w", ...ask("ok then") });
    expect(good.headers.get("x-gateway-cache")).toBe("MISS");
    await good.text();
    await expect
      .poll(async () => (await chat(key, { model: "w", ...ask("ok then") })).headers.get("x-gateway-cache"), { timeout: 5_000 })
      .toBe("HIT");
    expect((await chat(key, { model: "w", stream: true, ...ask("nope") })).headers.get("x-gateway-cache")).toBe("MISS");
  });

  it("a client's json_schema is enforced when the workflow asks for it", async () => {
    const { key } = await setupTenant({
      w: { ...fast, targets: [{ provider: "faux", model: "json" }], contract: { enforceClientSchema: true } },
      plain: { ...fast, targets: [{ provider: "faux", model: "json" }] },
    });
    const response_format = { type: "json_schema", json_schema: { name: "r", schema } };
    const enforced = await chat(key, { model: "w", response_format, ...ask("nope") });
    expect(enforced.status).toBe(502);
    expect(((await enforced.json()) as any).error.code).toBe("response_contract_violation");
    expect((await chat(key, { model: "plain", response_format, ...ask("nope") })).status).toBe(200);
  });

  it("an invalid schema is refused when the workflow is saved", async () => {
    const { tenant } = await setupTenant({});
    const res = await admin("PUT", `/tenants/${tenant}/workflows/bad`, {
      targets: [{ provider: "faux", model: "json" }],
      responseSchema: { type: "object", properties: { a: { type: "strng" } } },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as any;
    expect(error.param).toBe("responseSchema");
    expect(error.message).toContain("/properties/a/type");
  });
});
