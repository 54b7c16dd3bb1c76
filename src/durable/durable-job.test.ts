import { describe, expect, it } from "vitest";
import { errorOfBody, statusOfBody, statusOfLastFrame } from "./durable-job.ts";

describe("how a durable generation ended", () => {
  it("a chat stream completes with [DONE] and fails with anything else", () => {
    expect(statusOfLastFrame("chat", "id: 9\ndata: [DONE]\n\n")).toBe("completed");
    expect(statusOfLastFrame("chat", 'id: 9\ndata: {"error":{"code":"stream_interrupted"}}\n\n')).toBe("failed");
    expect(statusOfLastFrame("chat", undefined)).toBe("failed");
  });

  it("a Responses stream is named by its last event", () => {
    expect(statusOfLastFrame("responses", "id: 9\nevent: response.completed\ndata: {}\n\n")).toBe("completed");
    expect(statusOfLastFrame("responses", "id: 9\nevent: response.incomplete\ndata: {}\n\n")).toBe("incomplete");
    expect(statusOfLastFrame("responses", "id: 9\nevent: response.failed\ndata: {}\n\n")).toBe("failed");
    expect(statusOfLastFrame("responses", "id: 9\nevent: response.output_text.delta\ndata: {}\n\n")).toBe("failed");
  });

  it("a whole answer by its HTTP status and, for a response, its own status", () => {
    expect(statusOfBody("chat", 200, "{}")).toBe("completed");
    expect(statusOfBody("chat", 502, "{}")).toBe("failed");
    expect(statusOfBody("responses", 200, '{"status":"incomplete"}')).toBe("incomplete");
    expect(errorOfBody('{"error":{"message":"all targets failed","type":"upstream_error","code":"all_targets_failed"}}')).toEqual({
      code: "all_targets_failed",
      message: "all targets failed",
    });
    expect(errorOfBody("not json").code).toBe("server_error");
  });
});
