import { describe, expect, it } from "vitest";
import { replayChunks } from "../../cache/replay.ts";
import type { ChatCompletion } from "../../chat/openai-types.ts";
import { sseText } from "../../providers/translate/sse-text.ts";
import type { StreamRenderer } from "../../stream/stream-renderer.ts";
import { geminiRenderer } from "./gemini-renderer.ts";
import { toGenerateContentResponse } from "./gemini-response.ts";
import { jsonArrayFraming, sseFraming, ssePayloads } from "./stream-framing.ts";

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
  usage: {
    prompt_tokens: 12,
    completion_tokens: 5,
    total_tokens: 17,
    prompt_tokens_details: { cached_tokens: 2 },
    completion_tokens_details: { reasoning_tokens: 3 },
  },
};

const decoder = new TextDecoder();
function render(renderer: StreamRenderer): string {
  let out = "";
  for (const event of replayChunks(completion)) {
    const bytes = renderer.chunk(event);
    if (bytes) out += decoder.decode(bytes);
  }
  return out + decoder.decode(renderer.done());
}

const lastResponse = {
  candidates: [
    {
      content: { role: "model", parts: [{ functionCall: { id: "call_1", name: "lookup", args: { q: "x" } } }] },
      finishReason: "STOP",
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 2, totalTokenCount: 17, cachedContentTokenCount: 2, thoughtsTokenCount: 3 },
  modelVersion: "m",
  responseId: "1",
};

describe("Gemini stream rendering", () => {
  it("SSE: text as it comes, then function calls whole with finish reason and usage", () => {
    const events = ssePayloads(render(geminiRenderer(sseFraming()))).map((payload) => JSON.parse(payload));
    expect(events).toEqual([
      { candidates: [{ content: { role: "model", parts: [{ text: "Let me look." }] }, index: 0 }], modelVersion: "m", responseId: "1" },
      lastResponse,
    ]);
  });

  it("without alt=sse: the same responses as one JSON array", () => {
    const text = render(geminiRenderer(jsonArrayFraming()));
    expect(JSON.parse(text)).toEqual(ssePayloads(render(geminiRenderer(sseFraming()))).map((payload) => JSON.parse(payload)));
  });

  it("a failure after output is Google's error object as the last element, in both framings", () => {
    const sse = decoder.decode(geminiRenderer(sseFraming()).interruption("stream_interrupted", "The upstream broke off"));
    expect(JSON.parse(ssePayloads(sse)[0] ?? "")).toEqual({
      error: { code: 503, message: "The upstream broke off (stream_interrupted)", status: "UNAVAILABLE" },
    });
    const array = geminiRenderer(jsonArrayFraming());
    const first = array.chunk(replayChunks(completion)[1] as never);
    const text = decoder.decode(first ?? new Uint8Array()) + decoder.decode(array.interruption("idle_timeout", "Silent"));
    expect(JSON.parse(text)[1]).toEqual({ error: { code: 504, message: "Silent (idle_timeout)", status: "DEADLINE_EXCEEDED" } });
  });

  it("native: the upstream's own events pass as they came, reframed for the JSON array", () => {
    const upstream = sseText({ event: null, id: null, data: '{"candidates":[{"index":0}],"x":1}' });
    const event = { ...replayChunks(completion)[0], native: upstream } as never;
    const sse = geminiRenderer(sseFraming(), true);
    expect(decoder.decode(sse.chunk(event) ?? new Uint8Array())).toBe(upstream);
    expect(decoder.decode(sse.done())).toBe("");
    const array = geminiRenderer(jsonArrayFraming(), true);
    const text = decoder.decode(array.chunk(event) ?? new Uint8Array()) + decoder.decode(array.done());
    expect(JSON.parse(text)).toEqual([{ candidates: [{ index: 0 }], x: 1 }]);
  });

  it("a whole answer is the same response in one piece", () => {
    expect(toGenerateContentResponse(completion)).toEqual({
      ...lastResponse,
      candidates: [
        {
          ...lastResponse.candidates[0],
          content: { role: "model", parts: [{ text: "Let me look." }, ...(lastResponse.candidates[0]?.content.parts ?? [])] },
        },
      ],
    });
  });
});
