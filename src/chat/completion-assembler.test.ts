import { describe, expect, it } from "vitest";
import { CompletionAssembler } from "./completion-assembler.ts";
import type { ChatCompletionChunk, ChunkDelta } from "./openai-types.ts";

/** A chunk of choices; a choice without `finish_reason` has none yet (null). */
function chunk(choices: Array<{ index: number; delta: ChunkDelta; finish_reason?: string }>, extra: Partial<ChatCompletionChunk> = {}) {
  const full: ChatCompletionChunk = {
    id: "c1",
    object: "chat.completion.chunk",
    created: 7,
    model: "m",
    choices: choices.map((choice) => ({ index: choice.index, delta: choice.delta, finish_reason: choice.finish_reason ?? null })),
    ...extra,
  };
  return full;
}

describe("the completion assembler", () => {
  it("folds content deltas, the finish reason and the usage into the completion a non-streamed call returns", () => {
    const assembler = new CompletionAssembler(1_000);
    assembler.add(chunk([{ index: 0, delta: { role: "assistant", content: "Hel" } }]));
    assembler.add(chunk([{ index: 0, delta: { content: "lo" }, finish_reason: "stop" }]));
    assembler.add(chunk([], { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }));
    expect(assembler.completion()).toEqual({
      id: "c1",
      object: "chat.completion",
      created: 7,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
  });

  it("joins a tool call's argument fragments by index, with no content", () => {
    const assembler = new CompletionAssembler(1_000);
    const call = (index: number, fields: object) => chunk([{ index: 0, delta: { tool_calls: [{ index, ...fields }] } }]);
    assembler.add(call(0, { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"ci' } }));
    assembler.add(call(1, { id: "call_2", function: { name: "get_time", arguments: "{}" } }));
    assembler.add(call(0, { function: { arguments: 'ty":"Paris"}' } }));
    assembler.add(chunk([{ index: 0, delta: {}, finish_reason: "tool_calls" }]));
    const [choice] = assembler.completion().choices;
    expect(choice?.message).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        { id: "call_2", type: "function", function: { name: "get_time", arguments: "{}" } },
      ],
    });
    expect(choice?.finish_reason).toBe("tool_calls");
  });

  it("keeps choices apart and in index order, and a refusal beside the content", () => {
    const assembler = new CompletionAssembler(1_000);
    assembler.add(chunk([{ index: 1, delta: { content: "second" } }]));
    assembler.add(chunk([{ index: 0, delta: { refusal: "I can't" } }]));
    const choices = assembler.completion().choices;
    expect(choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(choices[0]?.message).toMatchObject({ content: "", refusal: "I can't" });
    expect(choices[1]?.message.content).toBe("second");
    expect(assembler.firstChoice()?.refusal).toBe("I can't");
  });

  it("stops growing past its bound and says so, so a huge stream costs bounded memory", () => {
    const assembler = new CompletionAssembler(5);
    assembler.add(chunk([{ index: 0, delta: { content: "abc" } }]));
    assembler.add(chunk([{ index: 0, delta: { content: "defg" } }]));
    assembler.add(chunk([{ index: 0, delta: { content: "h" } }]));
    expect(assembler.overflowed).toBe(true);
    expect(assembler.textChars).toBe(3);
    expect(assembler.completion().choices[0]?.message.content).toBe("abc");
  });
});
