import { describe, expect, it } from "vitest";
import type { LogWrite, RequestLogRecord } from "../logs/log-record.ts";
import { CONTENT_MAX_CHARS, contentEvent } from "./content-event.ts";

const write = (record: Partial<RequestLogRecord>, request: unknown): LogWrite => ({
  record: { logContent: "full", output: { text: "Hi there", toolCalls: [], finishReason: "stop" }, ...record } as RequestLogRecord,
  requestJson: JSON.stringify(request),
  attemptBodiesJson: [],
  chunks: [],
});

const value = (event: ReturnType<typeof contentEvent>, key: string) => event?.attributes.find((a) => a.key === key)?.value;

describe("the content event", () => {
  it("carries the prompt and the answer in the conventions' message shape", () => {
    const event = contentEvent(write({}, { messages: [{ role: "user", content: "Hello" }] }), 2_000);
    expect(event?.name).toBe("gen_ai.client.inference.operation.details");
    expect(event?.timeUnixNano).toBe("2000000000");
    expect(JSON.parse(String((value(event, "gen_ai.input.messages") as { stringValue: string }).stringValue))).toEqual([
      { role: "user", parts: [{ type: "text", content: "Hello" }] },
    ]);
    expect(JSON.parse(String((value(event, "gen_ai.output.messages") as { stringValue: string }).stringValue))).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Hi there" }], finish_reason: "stop" },
    ]);
    expect(value(event, "gateway.content.truncated")).toBeUndefined();
  });

  it("a Responses API string input is one user message", () => {
    const event = contentEvent(write({}, { input: "Hello" }), 0);
    expect((value(event, "gen_ai.input.messages") as { stringValue: string }).stringValue).toContain('"content":"Hello"');
  });

  it("is absent for a workflow that logs metadata only", () => {
    expect(contentEvent(write({ logContent: "metadata", output: null }, null), 0)).toBeNull();
  });

  it("caps a long prompt and says so", () => {
    const event = contentEvent(write({}, { messages: [{ role: "user", content: "x".repeat(CONTENT_MAX_CHARS * 2) }] }), 0);
    expect((value(event, "gen_ai.input.messages") as { stringValue: string }).stringValue).toHaveLength(CONTENT_MAX_CHARS);
    expect(value(event, "gateway.content.truncated")).toEqual({ boolValue: true });
  });
});
