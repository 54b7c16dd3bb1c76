import { describe, expect, it } from "vitest";
import { everyCut, foldTranslated } from "../../../test/support/translated-stream.ts";
import { isContentBearing } from "../../attempts/commit-rule.ts";
import errorMidStream from "./__fixtures__/error-mid-stream.chunks.txt?raw";
import toolCall from "./__fixtures__/tool-call.chunks.txt?raw";
import { anthropicAdapter } from "./anthropic-adapter.ts";
import { ANTHROPIC_DEFAULT_MAX_TOKENS, STRUCTURED_OUTPUT_TOOL } from "./request-mapping.ts";

const adapter = anthropicAdapter({ apiKey: "sk-ant-test" });

describe("anthropic stream translation", () => {
  it("text and a tool call become OpenAI deltas, finish reason and usage, whatever the byte boundaries", async () => {
    const whole = await foldTranslated(adapter, toolCall);
    expect(whole.ended).toBe("done");
    const choice = whole.completion.choices[0];
    expect(choice?.message.content).toBe("Okay, héllo 🌍 — checking the weather.");
    expect(choice?.message.tool_calls).toEqual([
      {
        id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
        type: "function",
        function: { name: "get_weather", arguments: '{"location": "San Francisco, CA", "unit": "celsius"}' },
      },
    ]);
    expect(choice?.finish_reason).toBe("tool_calls");
    // Cache reads count as prompt tokens in OpenAI's terms, and are reported as cached.
    expect(whole.completion.usage).toMatchObject({
      prompt_tokens: 572,
      completion_tokens: 89,
      total_tokens: 661,
      prompt_tokens_details: { cached_tokens: 100 },
    });
    // The role preamble is held by the commit rule; the first text delta commits.
    const chunks = whole.events.flatMap((e) => (e.type === "chunk" ? [e.chunk] : []));
    expect(isContentBearing(chunks[0] ?? ({} as never))).toBe(false);
    expect(isContentBearing(chunks[1] ?? ({} as never))).toBe(true);
    for (const cuts of everyCut(toolCall, 7))
      expect((await foldTranslated(adapter, toolCall, cuts)).completion).toEqual({
        ...whole.completion,
        id: whole.completion.id,
        created: expect.any(Number),
      });
  });

  it("the chunks carry the source events' own text: each event once, in order, whatever the byte boundaries", async () => {
    for (const cuts of [[], [7, 250, 251], ...everyCut(toolCall, 97)]) {
      const { events } = await foldTranslated(adapter, toolCall, cuts);
      const native = events.map((event) => (event.type === "chunk" ? (event.native ?? "") : "")).join("");
      expect(native).toBe(toolCall);
    }
  });

  it("an error event mid-stream is an in-band error after the text so far", async () => {
    const folded = await foldTranslated(adapter, errorMidStream, [100, 333]);
    expect(folded.completion.choices[0]?.message.content).toBe("Partial answ");
    expect(folded.ended).toBe("error");
    expect(folded.error).toMatchObject({ message: "Overloaded", code: "overloaded_error" });
  });

  it("a non-streamed message maps text, tool calls, stop reason and usage", () => {
    const result = adapter.completion({
      id: "msg_1",
      type: "message",
      model: "claude-haiku-4-5",
      content: [
        { type: "text", text: "Let me look." },
        { type: "tool_use", id: "toolu_1", name: "lookup", input: { q: "x" } },
      ],
      stop_reason: "tool_use",
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 3 },
    });
    expect(result.ok && result.completion.choices[0]).toMatchObject({
      message: { content: "Let me look.", tool_calls: [{ id: "toolu_1", function: { name: "lookup", arguments: '{"q":"x"}' } }] },
      finish_reason: "tool_calls",
    });
    expect(result.ok && result.completion.usage).toMatchObject({
      prompt_tokens: 13,
      completion_tokens: 5,
      prompt_tokens_details: { cache_write_tokens: 3 },
    });
    expect(adapter.completion({ type: "message", content: [], stop_reason: "max_tokens" })).toMatchObject({
      ok: true,
      completion: { choices: [{ finish_reason: "length" }] },
    });
  });

  it("error bodies give their type and message", () => {
    expect(adapter.errorMessage('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toBe(
      "overloaded_error: Overloaded",
    );
  });
});

describe("anthropic request mapping", () => {
  const translate = (body: Record<string, unknown>, stream = false) =>
    adapter.translateRequest({ model: "claude-haiku-4-5", ...body }, stream);

  it("system prompts, images, tool calls and tool results in Anthropic's shape", () => {
    const result = translate({
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } }],
        },
        { role: "tool", tool_call_id: "call_1", content: "a cat" },
        { role: "user", content: "thanks" },
      ],
      tools: [
        {
          type: "function",
          function: { name: "lookup", description: "Looks up", parameters: { type: "object", properties: { q: { type: "string" } } } },
        },
      ],
      tool_choice: "required",
      parallel_tool_calls: false,
      stop: "END",
      temperature: 1.5,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dropped).toEqual([]);
    expect(result.body).toMatchObject({
      model: "claude-haiku-4-5",
      system: "Be brief.",
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      temperature: 1,
      stop_sequences: ["END"],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      tools: [{ name: "lookup", description: "Looks up", input_schema: { type: "object" } }],
    });
    expect(result.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
        ],
      },
      { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "lookup", input: { q: "cat" } }] },
      // The tool result and the next user turn merge: Anthropic alternates roles.
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "a cat" },
          { type: "text", text: "thanks" },
        ],
      },
    ]);
  });

  it("names what it drops, refuses n > 1, and forces a JSON schema through a tool", () => {
    const dropped = translate(
      { messages: [{ role: "user", content: "hi" }], seed: 1, logprobs: true, frequency_penalty: 0.5, max_tokens: 50 },
      true,
    );
    expect(dropped).toMatchObject({ ok: true, dropped: ["frequency_penalty", "logprobs", "seed"], body: { max_tokens: 50, stream: true } });
    expect(translate({ messages: [{ role: "user", content: "hi" }], n: 2 })).toMatchObject({ ok: false, param: "n" });
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const forced = translate({
      messages: [{ role: "user", content: "hi" }],
      response_format: { type: "json_schema", json_schema: { name: "r", schema } },
    });
    expect(forced).toMatchObject({
      ok: true,
      body: {
        tools: [{ name: STRUCTURED_OUTPUT_TOOL, input_schema: schema }],
        tool_choice: { type: "tool", name: STRUCTURED_OUTPUT_TOOL },
      },
    });
  });

  it("a forced JSON answer comes back as content, finished by stop", () => {
    const result = adapter.completion({
      type: "message",
      content: [{ type: "tool_use", id: "t", name: STRUCTURED_OUTPUT_TOOL, input: { a: "b" } }],
      stop_reason: "tool_use",
    });
    expect(result).toMatchObject({ ok: true, completion: { choices: [{ message: { content: '{"a":"b"}' }, finish_reason: "stop" }] } });
  });
});
