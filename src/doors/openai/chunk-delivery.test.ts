import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "../../chat/openai-types.ts";
import { chunkDelivery } from "./chunk-delivery.ts";

const head = { id: "c", object: "chat.completion.chunk", created: 0, model: "m" };
const content = { ...head, choices: [{ index: 0, delta: { content: "hi" }, finish_reason: null }] } as ChatCompletionChunk;
const usage = { ...head, choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } } as ChatCompletionChunk;
const promptFilter = {
  id: "",
  object: "",
  created: 0,
  model: "",
  choices: [],
  prompt_filter_results: [],
} as unknown as ChatCompletionChunk;
const noChoices = { ...head, usage: usage.usage } as unknown as ChatCompletionChunk;

describe("chunkDelivery", () => {
  it("sends chunks with choices to every client", () => {
    expect(chunkDelivery(content, { wantsUsage: false, usageSent: false })).toBe("send");
    expect(chunkDelivery(content, { wantsUsage: true, usageSent: true })).toBe("send");
  });
  it("sends one usage chunk, only to a client that asked for usage", () => {
    expect(chunkDelivery(usage, { wantsUsage: true, usageSent: false })).toBe("send_usage");
    expect(chunkDelivery(usage, { wantsUsage: true, usageSent: true })).toBe("hide");
    expect(chunkDelivery(usage, { wantsUsage: false, usageSent: false })).toBe("hide");
  });
  it("hides empty-choices chunks that carry no usage, and chunks without a choices array", () => {
    expect(chunkDelivery(promptFilter, { wantsUsage: true, usageSent: false })).toBe("hide");
    expect(chunkDelivery(promptFilter, { wantsUsage: false, usageSent: false })).toBe("hide");
    expect(chunkDelivery(noChoices, { wantsUsage: true, usageSent: false })).toBe("hide");
  });
});
