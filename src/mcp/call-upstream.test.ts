import { describe, expect, it } from "vitest";
import { readAnswer, UPSTREAM_ID } from "./call-upstream.ts";

const body = (text: string) => new Response(text).body;
const sse = (...messages: unknown[]) => messages.map((m) => `event: message\ndata: ${JSON.stringify(m)}\n\n`).join("");

describe("reading an MCP server's answer", () => {
  it("reads a JSON answer, result or error", async () => {
    const result = { jsonrpc: "2.0", id: UPSTREAM_ID, result: { content: [] } };
    expect(await readAnswer(body(JSON.stringify(result)), "application/json")).toEqual(result);
    const error = { jsonrpc: "2.0", id: UPSTREAM_ID, error: { code: -32602, message: "bad" } };
    expect(await readAnswer(body(JSON.stringify(error)), "application/json; charset=utf-8")).toEqual(error);
  });

  it("reads an SSE stream to its answer, passing over the notifications and requests before it", async () => {
    const answer = { jsonrpc: "2.0", id: UPSTREAM_ID, result: { content: [{ type: "text", text: "done" }] } };
    const stream = sse(
      { jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } },
      { jsonrpc: "2.0", id: UPSTREAM_ID, method: "sampling/createMessage", params: {} },
      answer,
    );
    expect(await readAnswer(body(`: keepalive\n\n${stream}`), "text/event-stream")).toEqual(answer);
  });

  it("fails on a stream that ends before the answer, and on a body that is not a JSON-RPC answer", async () => {
    await expect(readAnswer(body(sse({ jsonrpc: "2.0", method: "notifications/progress" })), "text/event-stream")).rejects.toThrow(
      "ended before the answer",
    );
    await expect(readAnswer(body("<html>oops</html>"), "text/html")).rejects.toThrow("not a JSON-RPC response");
    await expect(readAnswer(body('{"jsonrpc":"2.0","id":1}'), "application/json")).rejects.toThrow("not a JSON-RPC response");
    await expect(readAnswer(null, "application/json")).rejects.toThrow("not a JSON-RPC response");
    const deep = `{"jsonrpc":"2.0","id":1,"result":{"x":${"[".repeat(100)}${"]".repeat(100)}}}`;
    await expect(readAnswer(body(deep), "application/json")).rejects.toThrow("nested deeper than 64 levels");
  });
});
