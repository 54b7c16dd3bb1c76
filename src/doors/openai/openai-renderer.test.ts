import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "../../chat/openai-types.ts";
import { clientStream } from "../../stream/client-stream.ts";
import type { ChunkEvent } from "../../stream/stream-renderer.ts";
import { UpstreamAbort } from "../../stream/upstream-abort.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { openAIRenderer } from "./openai-renderer.ts";

const encoder = new TextEncoder();

/** A chunk as the OpenAI-format decoder hands it out when the upstream's chunk was this one event. */
function framed(content: string, finish: string | null = null): ChunkEvent {
  const chunk: ChatCompletionChunk = {
    id: "c",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  };
  const data = JSON.stringify(chunk);
  return { type: "chunk", chunk, data, frame: encoder.encode(`data: ${data}\n\n`) };
}

async function received(events: UpstreamEvent[], redact: (data: string) => string): Promise<string> {
  const queue = [...events];
  const body = clientStream({
    held: [],
    reader: {
      read: async () => {
        const value = queue.shift();
        return value ? { done: false, value } : { done: true, value: undefined };
      },
      cancel: async () => {},
    },
    abort: new UpstreamAbort(),
    idleMs: 1_000,
    keepaliveMs: 1_000,
    renderer: openAIRenderer(false),
    redact,
    onEnd: () => {},
  });
  return await new Response(body).text();
}

describe("the OpenAI renderer", () => {
  it("sends the upstream's own bytes for an event it forwards unchanged", () => {
    const event = framed("hello");
    expect(openAIRenderer(false).chunk(event)).toBe(event.frame);
  });

  it("never sends the upstream's bytes of an event whose echoed secret was cut", async () => {
    const redact = (data: string) => data.replaceAll("sk-live-123456", "[REDACTED]");
    const text = await received([framed("key sk-live-123456"), framed(" ok", "stop"), { type: "done" }], redact);
    expect(text).not.toContain("sk-live-123456");
    expect(text).toContain('"content":"key [REDACTED]"');
    expect(text).toContain('"content":" ok"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});
