import { describe, expect, it } from "vitest";
import { GatewayError } from "../../http/gateway-error.ts";
import { pageOf } from "./input-items-page.ts";
import { parseResponsesRequest } from "./responses-request.ts";
import { toChatRequest } from "./to-chat-request.ts";

const chat = (body: Record<string, unknown>, context = []) => toChatRequest(parseResponsesRequest(JSON.stringify(body)), context);
const refusal = (body: Record<string, unknown>) => {
  try {
    chat(body);
  } catch (error) {
    if (error instanceof GatewayError) return { status: error.status, param: error.param };
  }
  return null;
};

describe("toChatRequest", () => {
  it("maps settings, tools and text.format; gateway-side fields stay home", () => {
    const request = chat({
      model: "wf",
      input: "hi",
      instructions: "sys",
      tools: [{ type: "function", name: "f", parameters: { type: "object" }, strict: true }],
      tool_choice: { type: "function", name: "f" },
      parallel_tool_calls: false,
      text: { format: { type: "json_schema", name: "r", schema: { type: "object" }, strict: true } },
      max_output_tokens: 50,
      temperature: 0.2,
      store: true,
      metadata: { a: "b" },
      include: [],
      truncation: "disabled",
    });
    expect(request).toEqual({
      model: "wf",
      messages: [
        { role: "system", content: "sys" },
        { role: "user", content: "hi" },
      ],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "f" } },
      parallel_tool_calls: false,
      response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object" }, strict: true } },
      max_completion_tokens: 50,
      temperature: 0.2,
    });
  });

  it("joins consecutive function calls into one assistant turn; outputs become tool messages", () => {
    const request = chat({
      model: "wf",
      input: [
        { role: "user", content: "go" },
        { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
        { type: "function_call", call_id: "c2", name: "g", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "one" },
        { type: "function_call_output", call_id: "c2", output: [{ type: "input_text", text: "two" }] },
        { type: "reasoning", id: "rs_1", summary: [] },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "c1", type: "function", function: { name: "f", arguments: "{}" } },
          { id: "c2", type: "function", function: { name: "g", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "one" },
      { role: "tool", tool_call_id: "c2", content: "two" },
    ]);
  });

  it("refuses what chat completions cannot carry, naming the field", () => {
    expect(refusal({ model: "wf", input: "x", tools: [{ type: "web_search" }] })).toEqual({ status: 400, param: "tools[0].type" });
    expect(refusal({ model: "wf", input: [{ type: "web_search_call", id: "ws" }] })).toEqual({ status: 400, param: "input[0].type" });
    expect(refusal({ model: "wf", input: "x", prompt: { id: "p" } })).toEqual({ status: 400, param: "prompt" });
    expect(refusal({ model: "wf", input: "x", background: true, store: false })).toEqual({ status: 400, param: "store" });
    expect(refusal({ model: "wf" })).toEqual({ status: 400, param: "input" });
    // Nulls are "not given", as the SDKs send them.
    expect(refusal({ model: "wf", input: "x", conversation: null, prompt: null, background: false })).toBeNull();
  });
});

describe("pageOf", () => {
  const items = ["a", "b", "c"].map((id) => ({ id }));
  it("pages newest first by default, after a cursor", () => {
    expect(pageOf(items, { after: null, limit: 2, order: "desc" })).toMatchObject({
      data: [{ id: "c" }, { id: "b" }],
      first_id: "c",
      last_id: "b",
      has_more: true,
    });
    expect(pageOf(items, { after: "b", limit: 2, order: "desc" })).toMatchObject({ data: [{ id: "a" }], has_more: false });
    expect(pageOf(items, { after: "zz", limit: 2, order: "asc" })).toMatchObject({ data: [], first_id: null, has_more: false });
  });
});
