import { describe, expect, it } from "vitest";
import { replayChunks } from "../../cache/replay.ts";
import type { ChatCompletion } from "../../chat/openai-types.ts";
import { type ResponseObject, responseFromCompletion, responseShell } from "./response-object.ts";
import { responsesRenderer } from "./response-renderer.ts";

const shell = responseShell({ model: "wf" }, "resp_0123456789abcdefghjkmnpqrs", 1);
const decoder = new TextDecoder();

/** The events a renderer writes for a completion replayed as chunks, then `end`. */
function render(completion: ChatCompletion, end: "done" | "interrupt" = "done") {
  const finals: ResponseObject[] = [];
  const renderer = responsesRenderer(shell, (response) => finals.push(response));
  let text = "";
  for (const event of replayChunks(completion)) {
    const bytes = renderer.chunk(event);
    if (bytes) text += decoder.decode(bytes);
  }
  text += decoder.decode(end === "done" ? renderer.done() : renderer.interruption("stream_interrupted", "gone"));
  const events = text
    .split("\n\n")
    .filter(Boolean)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split("\n");
      const data = JSON.parse(dataLine?.slice(6) ?? "{}");
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
  return { events, finals };
}

const completion = (message: Record<string, unknown>, finish = "stop"): ChatCompletion => ({
  id: "c",
  object: "chat.completion",
  created: 1,
  model: "up-model",
  choices: [{ index: 0, message: { role: "assistant", content: null, ...message }, finish_reason: finish }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});

describe("responsesRenderer", () => {
  it("text: the event sequence, numbered from 0, ending in response.completed with the whole output", () => {
    const { events, finals } = render(completion({ content: "Hi there" }));
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1).response;
    expect(completed).toMatchObject({
      status: "completed",
      model: "up-model",
      usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
    });
    expect(completed.output).toEqual([
      {
        type: "message",
        id: "msg_0123456789abcdefghjkmnpqrs_0",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "Hi there", annotations: [], logprobs: [] }],
      },
    ]);
    expect(finals).toEqual([completed]);
  });

  it("tool calls: one function_call item each, arguments streamed then done", () => {
    const calls = [
      { id: "call_1", type: "function", function: { name: "a", arguments: '{"x":1}' } },
      { id: "call_2", type: "function", function: { name: "b", arguments: "{}" } },
    ];
    const { events } = render(completion({ tool_calls: calls }, "tool_calls"));
    const done = events.filter((e) => e.type === "response.function_call_arguments.done");
    expect(done.map((e) => [e.output_index, e.name, e.arguments])).toEqual([
      [0, "a", '{"x":1}'],
      [1, "b", "{}"],
    ]);
    expect(events.at(-1).response.output.map((item: { call_id: string }) => item.call_id)).toEqual(["call_1", "call_2"]);
  });

  it("a cut-off answer ends in response.incomplete with the reason", () => {
    const { events } = render(completion({ content: "cut" }, "length"));
    expect(events.at(-1)).toMatchObject({
      type: "response.incomplete",
      response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } },
    });
  });

  it("an interruption ends in response.failed: error set, the sent item incomplete, no done events", () => {
    const { events, finals } = render(completion({ content: "partial" }), "interrupt");
    expect(events.at(-1)).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "stream_interrupted", message: "gone" } },
    });
    expect(events.some((e) => e.type === "response.output_item.done")).toBe(false);
    expect(finals[0]?.output[0]?.status).toBe("incomplete");
  });
});

describe("a call of a tool the client declared in a namespace group", () => {
  it("goes back with its group named, streamed or not", () => {
    const tools = [
      { type: "namespace", name: "agents", tools: [{ type: "function", name: "spawn_agent" }] },
      { type: "function", name: "plain" },
    ];
    const grouped = responseShell({ model: "wf", tools } as never, "resp_0123456789abcdefghjkmnpqrs", 1);
    const calls = [
      { id: "c1", type: "function", function: { name: "spawn_agent", arguments: "{}" } },
      { id: "c2", type: "function", function: { name: "plain", arguments: "{}" } },
    ];
    const renderer = responsesRenderer(grouped, () => {});
    let text = "";
    for (const event of replayChunks(completion({ tool_calls: calls }, "tool_calls")))
      text += decoder.decode(renderer.chunk(event) ?? new Uint8Array());
    text += decoder.decode(renderer.done());
    const completed = JSON.parse(text.split("\n\n").filter(Boolean).at(-1)?.split("\n")[1]?.slice(6) ?? "{}").response;
    expect(completed.output.map((item: any) => [item.name, item.namespace])).toEqual([
      ["spawn_agent", "agents"],
      ["plain", undefined],
    ]);
    const whole = responseFromCompletion(grouped, completion({ tool_calls: calls }, "tool_calls"));
    expect(whole.output.map((item: any) => item.namespace)).toEqual(["agents", undefined]);
  });
});

describe("a call of a freeform (custom) tool", () => {
  it("goes back as the custom_tool_call the client declared, its input the call's input argument", () => {
    const grouped = responseShell(
      { model: "wf", tools: [{ type: "custom", name: "apply_patch" }] } as never,
      "resp_0123456789abcdefghjkmnpqrs",
      1,
    );
    const calls = [{ id: "c1", type: "function", function: { name: "apply_patch", arguments: '{"input":"*** Begin Patch"}' } }];
    const renderer = responsesRenderer(grouped, () => {});
    let text = "";
    for (const event of replayChunks(completion({ tool_calls: calls }, "tool_calls")))
      text += decoder.decode(renderer.chunk(event) ?? new Uint8Array());
    text += decoder.decode(renderer.done());
    const events = text
      .split("\n\n")
      .filter(Boolean)
      .map((frame) => JSON.parse(frame.split("\n")[1]?.slice(6) ?? "{}"));
    expect(events.map((e) => e.type)).not.toContain("response.function_call_arguments.delta");
    expect(events.find((e) => e.type === "response.custom_tool_call_input.done")).toMatchObject({ input: "*** Begin Patch" });
    const item = { type: "custom_tool_call", call_id: "c1", name: "apply_patch", input: "*** Begin Patch", status: "completed" };
    expect(events.at(-1).response.output).toEqual([expect.objectContaining(item)]);
    expect(responseFromCompletion(grouped, completion({ tool_calls: calls }, "tool_calls")).output).toEqual([
      expect.objectContaining(item),
    ]);
    // Sequence numbers still rise by one.
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });
});
