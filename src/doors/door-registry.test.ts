import { describe, expect, it } from "vitest";
import { notFound } from "../http/gateway-error.ts";
import { doorFor, durableDoors } from "./door-registry.ts";

describe("the door registry", () => {
  it("names the door of a path and of everything under it, and no door for a prefix that only looks alike", () => {
    expect(doorFor("/v1/messages").name).toBe("messages");
    expect(doorFor("/v1/messages/count_tokens").name).toBe("messages");
    expect(doorFor("/v1/messagesx").name).toBe("none");
    expect(doorFor("/v1/chat/completions/req_1/stream").name).toBe("chat_completions");
    expect(doorFor("/v1/responses/resp_1/input_items").name).toBe("responses");
    expect(doorFor("/v1beta/models/weather:streamGenerateContent").name).toBe("gemini");
    expect(doorFor("/v1beta/models").name).toBe("gemini");
    expect(doorFor("/mcp").name).toBe("mcp");
    expect(doorFor("/mcpx").name).toBe("none");
  });

  it("answers an error in the door's own shape: Anthropic's for Messages, Google's for Gemini, JSON-RPC for MCP, OpenAI's elsewhere", async () => {
    const error = notFound("No route.", "unknown_route");
    const google = doorFor("/v1beta/models/x:generateContent").error(error);
    expect(google.status).toBe(404);
    expect(await google.json()).toEqual({ error: { code: 404, message: "No route.", status: "NOT_FOUND" } });
    expect(await doorFor("/v1/messages/nope").error(error).json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(await doorFor("/v1/nope").error(error).json()).toMatchObject({ error: { code: "unknown_route" } });
    const mcp = doorFor("/mcp/nope").error(error);
    expect(mcp.status).toBe(404);
    expect(await mcp.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32601, message: "No route.", data: { code: "unknown_route" } },
    });
  });

  it("finds a durable door by its generating path and by the name a stored job keeps", () => {
    expect(durableDoors.forPath("/v1/responses")?.name).toBe("responses");
    expect(durableDoors.forPath("/v1/embeddings")).toBeUndefined();
    expect(durableDoors.named("chat")?.path).toBe("/v1/chat/completions");
  });
});
