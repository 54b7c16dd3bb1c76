import { describe, expect, it } from "vitest";
import { collect, streamOf } from "../../../test/support/byte-stream.ts";
import { openAIStreamEvents } from "./stream-events.ts";

describe("openAIStreamEvents", () => {
  it("turns an in-band error object into an error event, not a chunk", async () => {
    const data = new TextEncoder().encode('data: {"error":{"message":"overloaded","type":"server_error","code":"overloaded"}}\n\n');
    const [event] = await collect(openAIStreamEvents(streamOf(data, [])));
    expect(event).toMatchObject({ type: "error", message: "overloaded", code: "overloaded" });
  });

  it("reports data that is not JSON as an error event", async () => {
    const data = new TextEncoder().encode("data: {not json\n\n");
    const [event] = await collect(openAIStreamEvents(streamOf(data, [])));
    expect(event).toMatchObject({ type: "error", code: "invalid_event" });
  });
});
