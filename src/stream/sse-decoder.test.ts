import { describe, expect, it } from "vitest";
import { collect, streamOf } from "../../test/support/byte-stream.ts";
import { openAIStreamEvents } from "../providers/openai-compatible/stream-events.ts";
import fixture from "./__fixtures__/openai-mixed-line-endings.chunks.txt?raw";
import { decodeSse, type SseMessage } from "./sse-decoder.ts";

const bytes = new TextEncoder().encode(fixture);

describe("decodeSse", () => {
  it("assembles events across LF, CRLF and lone-CR line endings, skipping comments", async () => {
    const messages = await collect(decodeSse(streamOf(bytes, [])));
    expect(messages.map((m) => m.data.slice(0, 20))).toEqual([
      '{"id":"chatcmpl-1","',
      '{"id":"chatcmpl-1","',
      '{"id":"chatcmpl-1","',
      '{"id":"chatcmpl-1","',
      '{"id":"chatcmpl-1","',
      "[DONE]",
    ]);
    expect(messages[2]?.event).toBe("message");
    // Multi-line data is joined with "\n" and still parses as one JSON document.
    expect(JSON.parse(messages[2]?.data ?? "").choices[0].delta.content).toBe(" world");
  });

  it("gives the same events whatever the network chunking, at every single byte boundary", async () => {
    // A chunk that is one whole event also carries its bytes (`frame`): only the events must match.
    const withoutFrames = (messages: SseMessage[]) => messages.map(({ frame: _bytes, ...message }) => message);
    const expected = withoutFrames(await collect(decodeSse(streamOf(bytes, []))));
    for (let cut = 1; cut < bytes.length; cut++) {
      const got = withoutFrames(await collect(decodeSse(streamOf(bytes, [cut]))));
      expect(got, `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it("survives one byte per chunk (splits inside multi-byte UTF-8 and CRLF pairs)", async () => {
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    const events = await collect(openAIStreamEvents(streamOf(bytes, cuts)));
    const text = events.flatMap((e) => (e.type === "chunk" ? e.chunk.choices.map((c) => c.delta.content ?? "") : [])).join("");
    expect(text).toBe("Héllo 👋 world");
    expect(events.at(-1)).toEqual({ type: "done" });
  });

  it("delivers a final event that lacks the closing blank line", async () => {
    const data = new TextEncoder().encode('data: {"a":1}\n\ndata: {"b":2}');
    expect((await collect(decodeSse(streamOf(data, [])))).map((m) => m.data)).toEqual(['{"a":1}', '{"b":2}']);
  });
});
