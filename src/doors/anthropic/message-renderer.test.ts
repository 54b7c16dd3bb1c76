import { describe, expect, it } from "vitest";
import { replayChunks } from "../../cache/replay.ts";
import type { ChatCompletion } from "../../chat/openai-types.ts";
import { toAnthropicMessage } from "./message-json.ts";
import { messageRenderer } from "./message-renderer.ts";

const completion: ChatCompletion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 0,
  model: "m",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }],
      },
      finish_reason: "tool_calls",
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 2 } },
};

/** The rendered stream as (event name, payload) pairs. */
function render(): Array<[string, any]> {
  const renderer = messageRenderer();
  const text = new TextDecoder();
  let out = "";
  for (const event of replayChunks(completion)) {
    const bytes = renderer.chunk(event);
    if (bytes) out += text.decode(bytes);
  }
  out += text.decode(renderer.done());
  return out
    .trim()
    .split("\n\n")
    .map((frame) => {
      const [event, data] = frame.split("\n");
      return [event?.slice("event: ".length) ?? "", JSON.parse(data?.slice("data: ".length) ?? "null")];
    });
}

describe("messageRenderer", () => {
  it("writes Anthropic's event sequence: blocks for text and tool use, stop reason and usage at the end", () => {
    const events = render();
    expect(events.map(([name]) => name)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]?.[1]).toMatchObject({ type: "message_start", message: { id: "msg_1", role: "assistant", model: "m" } });
    expect(events[2]?.[1]).toEqual({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Let me look." } });
    expect(events[4]?.[1]).toEqual({
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: "call_1", name: "lookup", input: {} },
    });
    expect(events[5]?.[1]).toMatchObject({ index: 1, delta: { type: "input_json_delta", partial_json: '{"q":"x"}' } });
    expect(events[7]?.[1]).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 2, cache_creation_input_tokens: 0 },
    });
  });

  it("an interruption is Anthropic's error event", () => {
    const text = new TextDecoder().decode(messageRenderer().interruption("stream_interrupted", "gone"));
    expect(text).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"gone (stream_interrupted)"}}\n\n');
  });
});

describe("toAnthropicMessage", () => {
  it("is the same answer as a message: text and tool_use blocks, stop reason, usage", () => {
    expect(toAnthropicMessage(completion)).toEqual({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "m",
      content: [
        { type: "text", text: "Let me look." },
        { type: "tool_use", id: "call_1", name: "lookup", input: { q: "x" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 2, cache_creation_input_tokens: 0 },
    });
  });
});

describe("messageRenderer, native", () => {
  const chunk = { id: "msg_1", object: "chat.completion.chunk" as const, created: 0, model: "m", choices: [] };
  const chunkOf = (native?: string) => ({
    type: "chunk" as const,
    chunk,
    data: JSON.stringify(chunk),
    ...(native === undefined ? {} : { native }),
  });
  const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

  it("writes the upstream's own events as they came, and adds nothing, not even at the end", () => {
    const renderer = messageRenderer(true);
    const start = 'event: message_start\ndata: {"type":"message_start"}\n\n';
    expect(text(renderer.chunk(chunkOf(start)))).toBe(start);
    // A chunk without source text (none comes from an Anthropic target) writes nothing rather than a synthesized event.
    expect(renderer.chunk(chunkOf())).toBeNull();
    expect(text(renderer.done())).toBe("");
  });

  it("a failure after commit ends with Anthropic's error event", () => {
    expect(text(messageRenderer(true).interruption("stream_interrupted", "gone"))).toMatch(/^event: error\n/);
  });
});
