import { describe, expect, it } from "vitest";
import { nativeResponsesRenderer } from "./native-renderer.ts";

const decoder = new TextDecoder();
const chunk = (native: string | undefined) => ({
  type: "chunk" as const,
  chunk: { id: "resp_up_1", object: "chat.completion.chunk" as const, created: 1, model: "up", choices: [] },
  data: "{}",
  ...(native === undefined ? {} : { native }),
});

describe("a Responses-native stream", () => {
  it("is written as the upstream sent it; a failure after commit is one response.failed for the upstream's response", () => {
    const renderer = nativeResponsesRenderer("resp_gateway");
    expect(decoder.decode(renderer.chunk(chunk("event: response.created\ndata: {}\n\n")) ?? undefined)).toBe(
      "event: response.created\ndata: {}\n\n",
    );
    expect(renderer.chunk(chunk(undefined))).toBeNull();
    expect(renderer.done()).toHaveLength(0);
    const failed = decoder.decode(renderer.interruption("idle_timeout", "no event for 30 s"));
    expect(failed.startsWith("event: response.failed\ndata: ")).toBe(true);
    expect(failed.match(/^event: /gm)).toHaveLength(1);
    expect(JSON.parse(failed.split("\n")[1]?.slice(6) ?? "{}").response).toMatchObject({
      id: "resp_up_1",
      status: "failed",
      error: { code: "idle_timeout", message: "no event for 30 s" },
    });
  });
});
