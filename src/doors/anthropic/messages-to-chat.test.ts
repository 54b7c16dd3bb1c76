import { describe, expect, it } from "vitest";
import { chatRequestSchema } from "../../chat/chat-request.ts";
import { messagesRequestSchema } from "./messages-schema.ts";
import { messagesToChat } from "./messages-to-chat.ts";

const translate = (body: Record<string, unknown>) => messagesToChat(messagesRequestSchema.parse({ model: "wf", max_tokens: 100, ...body }));

describe("messagesToChat", () => {
  it("maps system blocks, images, tool use and tool results into chat messages", () => {
    const { chat, dropped } = translate({
      system: [
        { type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Really." },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm", signature: "sig" },
            { type: "text", text: "Let me look." },
            { type: "tool_use", id: "toolu_1", name: "lookup", input: { q: "cat" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "a cat" }] },
            { type: "text", text: "thanks" },
          ],
        },
      ],
      tools: [
        { name: "lookup", description: "Looks up", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } },
        { type: "web_search_20250305", name: "web_search" },
      ],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      stop_sequences: ["END"],
      temperature: 0.5,
      top_k: 5,
      stream: true,
      metadata: { user_id: "user_abc" },
      thinking: { type: "adaptive" },
      context_management: { edits: [] },
      output_config: { effort: "high" },
    });
    expect(chat).toEqual({
      model: "wf",
      max_tokens: 100,
      stream: true,
      temperature: 0.5,
      stop: ["END"],
      user: "user_abc",
      tool_choice: "required",
      parallel_tool_calls: false,
      tools: [{ type: "function", function: { name: "lookup", description: "Looks up", parameters: { type: "object" } } }],
      messages: [
        { role: "system", content: "Be brief.\n\nReally." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBOR" } },
          ],
        },
        {
          role: "assistant",
          content: "Let me look.",
          tool_calls: [{ id: "toolu_1", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } }],
        },
        { role: "tool", tool_call_id: "toolu_1", content: "a cat" },
        { role: "user", content: "thanks" },
      ],
    });
    expect(dropped).toEqual([
      "cache_control",
      "content.thinking",
      "context_management",
      "output_config.effort",
      "thinking",
      "tools.web_search",
      "top_k",
    ]);
    // What the door hands the shared path is a valid chat request.
    expect(chatRequestSchema.safeParse(chat).success).toBe(true);
  });

  it("a JSON Schema output format becomes response_format; a named tool choice a function choice", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const { chat, dropped } = translate({
      messages: [{ role: "user", content: "hi" }],
      tools: [{ name: "f", input_schema: { type: "object" } }],
      tool_choice: { type: "tool", name: "f" },
      output_config: { format: { type: "json_schema", schema } },
    });
    expect(chat).toMatchObject({
      messages: [{ role: "user", content: "hi" }],
      tool_choice: { type: "function", function: { name: "f" } },
      response_format: { type: "json_schema", json_schema: { name: "output", schema } },
    });
    expect(dropped).toEqual([]);
  });
});
