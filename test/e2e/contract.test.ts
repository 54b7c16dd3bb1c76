import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useTenant } from "./harness.ts";

const t = useTenant();
const schema = { type: "object", properties: { echo: { type: "string" } }, required: ["echo"], additionalProperties: false };

describe("response contracts, through the official SDK", () => {
  it("a violating primary fails over; the app parses validated JSON and the upstream saw the schema natively", async () => {
    const name = await t.workflow("contract", "json-bad", "json", { responseSchema: schema });
    const completion = await t.client().chat.completions.create({ model: name, messages: [{ role: "user", content: "hi" }] });
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toEqual({ echo: "hi" });
    const [call] = t.upstream.callsFor("json");
    expect(call?.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "response", schema, strict: true } });
  });

  it("buffered stream: a violating primary fails over before any byte reaches the app", async () => {
    const name = await t.workflow("contract-buffer", "json-bad", "json", { responseSchema: schema, contract: { stream: "buffer" } });
    const stream = await t.client().chat.completions.create({ model: name, messages: [{ role: "user", content: "yo" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(JSON.parse(text)).toEqual({ echo: "yo" });
  });

  it("streamed violation: the SDK raises an APIError with code response_contract_violation after the content", async () => {
    const name = await t.workflow("contract-end", "json-bad", undefined, { responseSchema: schema });
    const stream = await t.client().chat.completions.create({ model: name, messages: [{ role: "user", content: "hi" }], stream: true });
    let text = "";
    let error: unknown = null;
    try {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    } catch (caught) {
      error = caught;
    }
    expect(text).toBe('{"wrong":true}');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as any).error?.code ?? (error as any).code).toBe("response_contract_violation");
  });

  it("every target violating: a 502 APIError whose message names the paths", async () => {
    const name = await t.workflow("contract-all", "json-bad", "json-bad", { responseSchema: schema });
    const error = await t
      .client()
      .chat.completions.create({ model: name, messages: [{ role: "user", content: "hi" }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(502);
    expect(error.code).toBe("response_contract_violation");
    expect(error.message).toContain('required property "echo"');
  });
});
