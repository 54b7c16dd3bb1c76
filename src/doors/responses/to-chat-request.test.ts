import { describe, expect, it } from "vitest";
import { GatewayError } from "../../http/gateway-error.ts";
import type { HostedToolRule } from "./chat-tools.ts";
import { pageOf } from "./input-items-page.ts";
import { parseResponsesRequest } from "./responses-request.ts";
import { toChatRequest } from "./to-chat-request.ts";

const translate = (body: Record<string, unknown>, hosted: HostedToolRule = "drop") =>
  toChatRequest(parseResponsesRequest(JSON.stringify(body)).request, [], hosted);
const chat = (body: Record<string, unknown>) => translate(body).chat;
const refusal = (body: Record<string, unknown>, hosted: HostedToolRule = "drop") => {
  try {
    translate(body, hosted);
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

  it("refuses what would change the answer if ignored, naming the field", () => {
    expect(refusal({ model: "wf", input: "x", tools: [{ type: "hologram" }] })).toEqual({ status: 400, param: "tools[0].type" });
    expect(refusal({ model: "wf", input: [{ type: "item_reference_v9", id: "x" }] })).toEqual({ status: 400, param: "input[0].type" });
    expect(refusal({ model: "wf", input: "x", prompt: { id: "p" } })).toEqual({ status: 400, param: "prompt" });
    expect(refusal({ model: "wf", input: "x", conversation: "conv_1" })).toEqual({ status: 400, param: "conversation" });
    expect(refusal({ model: "wf", input: "x", background: true, store: false })).toEqual({ status: 400, param: "store" });
    expect(refusal({ model: "wf" })).toEqual({ status: 400, param: "input" });
    // Nulls are "not given", as the SDKs send them.
    expect(refusal({ model: "wf", input: "x", conversation: null, prompt: null, background: false })).toBeNull();
  });
});

describe("toChatRequest with what Codex CLI sends", () => {
  const codex = {
    model: "wf",
    instructions: "be brief",
    input: [
      { type: "message", role: "developer", content: [{ type: "input_text", text: "rules" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
      { type: "reasoning", summary: [], encrypted_content: "gAAA" },
      { type: "web_search_call", id: "ws_1", status: "completed" },
      { type: "custom_tool_call", call_id: "p1", name: "apply_patch", input: "*** Begin Patch" },
      { type: "custom_tool_call_output", call_id: "p1", output: "done" },
    ],
    tools: [
      { type: "function", name: "exec_command", parameters: { type: "object" }, strict: false },
      {
        type: "namespace",
        name: "agents",
        description: "sub-agents",
        tools: [{ type: "function", name: "spawn_agent", parameters: { type: "object" } }],
      },
      { type: "custom", name: "apply_patch", description: "patch", format: { type: "grammar" } },
      { type: "web_search", external_web_access: false },
    ],
    tool_choice: "auto",
    parallel_tool_calls: true,
    reasoning: { effort: "low", summary: "auto" },
    text: { verbosity: "low" },
    store: false,
    stream: true,
    include: ["reasoning.encrypted_content"],
    prompt_cache_key: "thread-1",
    client_metadata: { session_id: "s" },
    a_field_from_next_year: { x: 1 },
  };

  it("accepts every field: mapped ones carried, the rest named as dropped", () => {
    const { chat: request, dropped } = translate(codex);
    expect(request.tools?.map((tool) => tool.function?.name)).toEqual(["exec_command", "spawn_agent", "apply_patch"]);
    expect(request.tools?.[2]?.function?.parameters).toMatchObject({ properties: { input: { type: "string" } } });
    expect(request).toMatchObject({
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning_effort: "low",
      verbosity: "low",
      prompt_cache_key: "thread-1",
    });
    expect(request.messages.map((m) => m.role)).toEqual(["system", "developer", "user", "assistant", "tool"]);
    expect(request.messages[3]?.tool_calls?.[0]?.function).toEqual({
      name: "apply_patch",
      arguments: JSON.stringify({ input: "*** Begin Patch" }),
    });
    expect(dropped.sort()).toEqual(["a_field_from_next_year", "client_metadata", "include", "reasoning.summary", "tools.web_search"]);
    for (const field of ["store", "include", "client_metadata", "a_field_from_next_year"]) expect(request).not.toHaveProperty(field);
  });

  it("a workflow that refuses hosted tools names the tool: translated attempts are refused, a native one is not", () => {
    expect(refusal(codex, "refuse")).toBeNull();
    expect(translate(codex, "refuse").refused).toMatchObject({ param: "tools[3].type", message: expect.stringContaining("web_search") });
    expect(translate(codex).refused).toBeNull();
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
