import { describe, expect, it } from "vitest";
import { responsesDurable } from "./responses-durable.ts";

describe("how a durable Responses generation ended", () => {
  it("a Responses stream is named by its last event", () => {
    expect(responsesDurable.statusOfLastFrame("id: 9\nevent: response.completed\ndata: {}\n\n")).toBe("completed");
    expect(responsesDurable.statusOfLastFrame("id: 9\nevent: response.incomplete\ndata: {}\n\n")).toBe("incomplete");
    expect(responsesDurable.statusOfLastFrame("id: 9\nevent: response.failed\ndata: {}\n\n")).toBe("failed");
    expect(responsesDurable.statusOfLastFrame("id: 9\nevent: response.output_text.delta\ndata: {}\n\n")).toBe("failed");
  });

  it("a whole answer by its HTTP status and its own status", () => {
    expect(responsesDurable.statusOfBody(200, '{"status":"incomplete"}')).toBe("incomplete");
    expect(responsesDurable.statusOfBody(502, "{}")).toBe("failed");
  });

  it("only a body asking for background is background", () => {
    expect(responsesDurable.modeOfBody?.('{"model":"w","background":true}')).toBe("background");
    expect(responsesDurable.modeOfBody?.('{"model":"w","background":false}')).toBe(null);
    expect(responsesDurable.modeOfBody?.("not json")).toBe(null);
  });
});
