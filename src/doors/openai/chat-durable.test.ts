import { describe, expect, it } from "vitest";
import { chatDurable } from "./chat-durable.ts";

describe("how a durable chat generation ended", () => {
  it("a chat stream completes with [DONE] and fails with anything else", () => {
    expect(chatDurable.statusOfLastFrame("id: 9\ndata: [DONE]\n\n")).toBe("completed");
    expect(chatDurable.statusOfLastFrame('id: 9\ndata: {"error":{"code":"stream_interrupted"}}\n\n')).toBe("failed");
    expect(chatDurable.statusOfLastFrame(undefined)).toBe("failed");
  });

  it("a whole answer by its HTTP status", () => {
    expect(chatDurable.statusOfBody(200, "{}")).toBe("completed");
    expect(chatDurable.statusOfBody(502, "{}")).toBe("failed");
  });
});
