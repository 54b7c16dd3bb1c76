import { describe, expect, it } from "vitest";
import { traceContextOf } from "../http/trace-context.ts";
import type { RequestEvent } from "./request-event.ts";
import { RequestJournal } from "./request-journal.ts";
import { recordOf, usageOf } from "./request-record.ts";

/** The record of an `/mcp` request that ran these events. */
function mcpRecord(events: RequestEvent[]) {
  let write: ReturnType<typeof recordOf> | null = null;
  const journal = new RequestJournal(
    { id: "r1", clientRequestId: null, method: "POST", path: "/mcp", receivedAt: Date.now(), trace: traceContextOf(null, null) },
    async (state) => {
      write = recordOf(state, usageOf(state), null);
    },
  );
  for (const event of events) journal.emit(event);
  return write as unknown as ReturnType<typeof recordOf>;
}

const call = (logContent: "full" | "metadata"): RequestEvent[] => [
  { type: "identified", tenant: "t", keyId: "k", budgeted: true },
  {
    type: "routed",
    workflow: "mcp",
    operation: "execute_tool",
    stream: false,
    logContent,
    request: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "docs__lookup", arguments: { topic: "otters" } } },
  },
  { type: "mcp_called", method: "tools/call", server: "docs", tool: "lookup" },
  { type: "committed", target: { provider: "docs", model: "lookup" }, providerType: "mcp", streamed: false },
  { type: "mcp_answered", result: { content: [{ type: "text", text: "otters hold hands" }] } },
  { type: "responded", status: 200 },
];

describe("the record of an MCP request", () => {
  it("names the method, server and tool, keeps the result as JSON text, and counts no tokens", () => {
    const { record, requestJson } = mcpRecord(call("full"));
    expect(record).toMatchObject({ outcome: "completed", workflow: "mcp", servedBy: { provider: "docs", model: "lookup" }, usage: null });
    expect(record.mcp).toEqual({
      method: "tools/call",
      server: "docs",
      tool: "lookup",
      result: '{"content":[{"type":"text","text":"otters hold hands"}]}',
    });
    expect(requestJson).toContain("otters");
  });

  it("keeps arguments and result out under logContent metadata", () => {
    const { record, requestJson } = mcpRecord(call("metadata"));
    expect(record.mcp).toEqual({ method: "tools/call", server: "docs", tool: "lookup", result: null });
    expect(requestJson).toBe("null");
  });

  it("records a refused message with no method", () => {
    const { record } = mcpRecord([
      { type: "identified", tenant: "t", keyId: "k", budgeted: false },
      { type: "mcp_called", method: null, server: null, tool: null },
      { type: "failed", error: { status: 400, type: "invalid_request_error", code: "parse_error", message: "Parse error" } },
      { type: "responded", status: 400 },
    ]);
    expect(record).toMatchObject({ outcome: "rejected", httpStatus: 400, mcp: { method: null }, error: { code: "parse_error" } });
  });
});
