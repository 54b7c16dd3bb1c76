import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../chat/chat-request.ts";
import { contractPolicy } from "../config/schemas.ts";
import { jsonSchemaProblems } from "../json/json-schema-document.ts";
import { withNativeContract } from "./native-contract.ts";
import { checkCompletion, checkOutputText, type ResponseContract, resolveContract } from "./response-contract.ts";
import { isStrictCompatible } from "./strict-compatible.ts";

const schema = {
  type: "object",
  properties: { name: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
  required: ["name", "tags"],
  additionalProperties: false,
};
const contract = (over: Partial<ResponseContract["policy"]> = {}): ResponseContract => ({
  schema,
  source: "workflow",
  policy: contractPolicy.parse(over),
});

describe("checkOutputText", () => {
  it("passes JSON that satisfies the schema", () => {
    expect(checkOutputText(contract(), '{"name":"a","tags":["x"]}')).toEqual({ ok: true });
  });
  it("names the path and reason of each violation, leaves first", () => {
    const verdict = checkOutputText(contract(), '{"name":3,"tags":["x",4]}');
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["/name", "/tags/1"]));
    expect(verdict.errors.every((e) => e.message.length > 0)).toBe(true);
  });
  it("reports text that is not JSON", () => {
    expect(checkOutputText(contract(), "Sure! Here is the JSON")).toEqual({
      ok: false,
      errors: [{ path: "/", message: "the output is not valid JSON" }],
    });
  });
});

describe("jsonSchemaProblems", () => {
  it("accepts a usable schema, with local $refs", () => {
    expect(jsonSchemaProblems({ $defs: { n: { type: "string" } }, type: "object", properties: { a: { $ref: "#/$defs/n" } } })).toEqual([]);
  });
  it("names wrong keyword types, bad patterns and dangling $refs", () => {
    expect(jsonSchemaProblems({ type: "strng" })[0]).toMatch(/\/type/);
    expect(jsonSchemaProblems({ properties: { a: { pattern: "(" } } })[0]).toMatch(/properties\/a\/pattern/);
    expect(jsonSchemaProblems({ required: "a" })[0]).toMatch(/required/);
    expect(jsonSchemaProblems({ properties: { a: { $ref: "#/$defs/missing" } } })[0]).toMatch(/resolves to nothing/);
  });
});

describe("native form", () => {
  it("asks for strict mode only when the schema allows it", () => {
    expect(isStrictCompatible(schema)).toBe(true);
    expect(isStrictCompatible({ type: "object", properties: { a: { type: "string" } } })).toBe(false);
    const body = withNativeContract({ model: "m" }, contract());
    expect(body.response_format).toEqual({ type: "json_schema", json_schema: { name: "response", schema, strict: true } });
    const loose = withNativeContract({ model: "m" }, { ...contract(), schema: { type: "object" } });
    expect((loose.response_format as any).json_schema.strict).toBe(false);
  });
  it("keeps the client's own response_format, and sends nothing with native: off", () => {
    expect(withNativeContract({ response_format: { type: "json_object" } }, contract()).response_format).toEqual({ type: "json_object" });
    expect(withNativeContract({ model: "m" }, contract({ native: "off" })).response_format).toBeUndefined();
  });
});

describe("resolveContract", () => {
  const request = (format?: ChatRequest["response_format"]) => ({
    model: "w",
    messages: [{ role: "user" as const, content: "hi" }],
    response_format: format,
  });
  const clientFormat = { type: "json_schema", json_schema: { name: "x", schema } };
  it("holds a client's json_schema only when the workflow asks for it", () => {
    expect(resolveContract({ contract: contractPolicy.parse({}) }, request(clientFormat))).toBeNull();
    expect(resolveContract({ contract: contractPolicy.parse({ enforceClientSchema: true }) }, request(clientFormat))?.source).toBe(
      "client",
    );
  });
  it("refuses an unusable client schema with a 400 naming it", () => {
    const bad = { type: "json_schema", json_schema: { name: "x", schema: { type: 5 } } };
    expect(() => resolveContract({ contract: contractPolicy.parse({ enforceClientSchema: true }) }, request(bad))).toThrow(
      /not a usable JSON Schema/,
    );
  });
});

describe("checkCompletion", () => {
  const completion = (choice: Record<string, unknown>) => ({
    id: "c",
    object: "chat.completion" as const,
    created: 0,
    model: "m",
    choices: [choice as any],
  });
  it("does not hold a tool-call turn to the contract (the final answer comes later)", () => {
    const toolTurn = { index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "t" }] }, finish_reason: "tool_calls" };
    expect(checkCompletion(contract(), completion(toolTurn))).toEqual({ ok: true });
    const empty = { index: 0, message: { role: "assistant", content: null }, finish_reason: "stop" };
    expect(checkCompletion(contract(), completion(empty)).ok).toBe(false);
  });
  it("a schema the validator cannot apply fails the answer with the reason instead of throwing", () => {
    const remote: ResponseContract = { ...contract(), schema: { $ref: "https://example.com/schema.json" } };
    const verdict = checkOutputText(remote, "{}");
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.errors[0]?.message).toMatch(/could not be applied/);
  });
});
