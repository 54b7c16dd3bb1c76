import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackMcpServer, startMcpServer } from "../support/mcp-test-server.ts";
import { admin, adminCall, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const other = useTenant();
let docs: LoopbackMcpServer;
let notes: LoopbackMcpServer;
let slow: LoopbackMcpServer;
let broken: LoopbackMcpServer;
let backup: LoopbackMcpServer;
let otherDocs: LoopbackMcpServer;
let oneToolKey: string;

/**
 * The official SDK v2 client connected to the gateway's `/mcp` with a gateway key: in its default
 * (2025, `initialize`) mode, or negotiating the 2026-07-28 revision (`server/discover`).
 */
async function connect(key: string, era: "legacy" | "modern" = "legacy"): Promise<Client> {
  const client = new Client({ name: "e2e", version: "1.0.0" }, era === "modern" ? { versionNegotiation: { mode: "auto" } } : {});
  const transport = new StreamableHTTPClientTransport(new URL(`${gatewayUrl()}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

/** One raw JSON-RPC POST to `/mcp`: its status, body and request id. */
async function post(key: string, body: unknown): Promise<{ status: number; json: any; requestId: string | null }> {
  const res = await fetch(`${gatewayUrl()}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), requestId: res.headers.get("x-request-id") };
}

const call = (name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id: 7,
  method: "tools/call",
  params: { name, arguments: args },
});
const text = (result: any) => result.content?.[0]?.text;

beforeAll(async () => {
  [docs, notes, slow, broken, backup, otherDocs] = await Promise.all([
    startMcpServer("docs"),
    startMcpServer("notes"),
    startMcpServer("slow"),
    startMcpServer("broken"),
    startMcpServer("backup"),
    startMcpServer("other-docs"),
  ]);
  await admin("PUT", `/tenants/${t.tenant}/mcp-servers/docs`, { url: docs.url, headers: { authorization: "Bearer docs-upstream-secret" } });
  await admin("PUT", `/tenants/${t.tenant}/mcp-servers/notes`, { url: notes.url, tools: ["lookup", "append_note"] });
  slow.mode = "hang";
  await admin("PUT", `/tenants/${t.tenant}/mcp-servers/slow`, { url: slow.url, timeoutMs: 600 });
  broken.mode = "fail_503";
  await admin("PUT", `/tenants/${t.tenant}/mcp-servers/flaky`, { url: broken.url, backupUrls: [backup.url] });
  oneToolKey = (await admin("POST", `/tenants/${t.tenant}/keys`, { name: "one-tool", mcpTools: ["docs__lookup"] })).key;
  // The other tenant has a server of the same name, elsewhere.
  await admin("PUT", `/tenants/${other.tenant}/mcp-servers/docs`, { url: otherDocs.url });
});
afterAll(async () => {
  await Promise.all([docs, notes, slow, broken, backup, otherDocs].map((s) => s?.close()));
});

describe("the MCP gateway with the official TypeScript SDK v2 client", () => {
  it.each(["legacy", "modern"] as const)("%s client: lists the tools namespaced by server and calls one", async (era) => {
    const client = await connect(t.key, era);
    expect(client.getServerVersion()?.name).toBe("ai-gateway");
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual(
      expect.arrayContaining(["docs__lookup", "docs__append_note", "docs__forecast", "notes__lookup", "notes__append_note"]),
    );
    // The server's `tools` setting exposes only what the admin chose.
    expect(names).not.toContain("notes__forecast");
    expect(tools.find((tool) => tool.name === "docs__lookup")?.annotations).toMatchObject({ readOnlyHint: true });
    const result = await client.callTool({ name: "docs__lookup", arguments: { topic: `otters-${era}` } });
    expect(text(result)).toBe(`fact about otters-${era} from docs`);
    // A tool's own error is its result (isError), as MCP defines it; the gateway does not turn it into a transport error.
    await client.close();
    const upstream = docs.calls.findLast((c) => c.tool === "lookup");
    expect(upstream?.headers["mcp-protocol-version"]).toBe(era === "modern" ? "2026-07-28" : "2025-11-25");
    if (era === "modern") expect(upstream?.headers["mcp-name"]).toBe("lookup");
  });

  it("passes prompts and resources through, namespaced like tools, only for a key allowed the whole server", async () => {
    const client = await connect(t.key, "modern");
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(expect.arrayContaining(["docs__greeting", "notes__greeting"]));
    const prompt = await client.getPrompt({ name: "docs__greeting", arguments: { who: "Ada" } });
    expect(prompt.messages[0]?.content).toMatchObject({ type: "text", text: "Say hello to Ada from docs." });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining(["docs__memo://readme", "notes__memo://readme"]));
    const read = await client.readResource({ uri: "notes__memo://readme" });
    expect(read.contents).toEqual([expect.objectContaining({ uri: "notes__memo://readme", text: "readme of notes" })]);
    await client.close();

    // A key allowed one tool is not allowed the server's prompts or resources.
    const narrow = await connect(oneToolKey, "modern");
    expect((await narrow.listPrompts()).prompts).toEqual([]);
    await expect(narrow.readResource({ uri: "docs__memo://readme" })).rejects.toMatchObject({ code: -32602 });
    await narrow.close();
  });

  it("keeps the server's credentials sealed, and records the call: server, tool, arguments, result, attempts", async () => {
    // The sealed header reached the server and is never shown back.
    expect(docs.calls.find((c) => c.tool === "lookup")?.headers.authorization).toBe("Bearer docs-upstream-secret");
    const shown = await admin("GET", `/tenants/${t.tenant}/mcp-servers/docs`);
    expect(JSON.stringify(shown)).not.toContain("docs-upstream-secret");
    expect(shown.secretHeaderFingerprints).toHaveProperty("authorization");

    const raw = await post(t.key, call("docs__lookup", { topic: "badgers" }));
    expect(raw.status).toBe(200);
    const record = await logRecord(t.tenant, raw.requestId);
    expect(record).toMatchObject({
      path: "/mcp",
      workflow: "mcp",
      outcome: "completed",
      httpStatus: 200,
      servedBy: { provider: "docs", model: "lookup" },
      mcp: { method: "tools/call", server: "docs", tool: "lookup" },
    });
    expect(record.mcp.result).toContain("fact about badgers from docs");
    expect(record.request).toMatchObject({ method: "tools/call", params: { name: "docs__lookup", arguments: { topic: "badgers" } } });
    expect(record.attempts).toEqual([expect.objectContaining({ provider: "docs", model: "lookup", decision: "commit", status: 200 })]);
    expect(JSON.stringify(record)).not.toContain("docs-upstream-secret");

    // A server that echoes the credential in its error: the client's error and the record hold it redacted.
    docs.mode = "echo_401";
    const echoed = await post(t.key, call("docs__lookup", { topic: "echo" })).finally(() => {
      docs.mode = "ok";
    });
    expect(echoed).toMatchObject({ status: 502, json: { error: { code: -32010 } } });
    expect(echoed.json.error.message).toContain("HTTP 401: bad credential: [REDACTED]");
    expect(JSON.stringify(await logRecord(t.tenant, echoed.requestId))).not.toContain("docs-upstream-secret");
    // It is listed in the tenant's log index like a model request.
    const listed = await admin("GET", `/tenants/${t.tenant}/logs?workflow=mcp&limit=50`);
    expect(listed.data.map((entry: any) => entry.id)).toContain(raw.requestId);
  });

  it("a key limited to one tool sees only that tool and cannot call the others", async () => {
    const client = await connect(oneToolKey, "modern");
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["docs__lookup"]);
    expect(text(await client.callTool({ name: "docs__lookup", arguments: { topic: "x" } }))).toBe("fact about x from docs");
    await expect(client.callTool({ name: "docs__append_note", arguments: { note: "n" } })).rejects.toMatchObject({ code: -32602 });
    await client.close();

    const ranBefore = notes.ran.lookup ?? 0;
    const denied = await post(oneToolKey, call("notes__lookup", { topic: "x" }));
    expect(denied.status).toBe(400);
    expect(denied.json).toMatchObject({ jsonrpc: "2.0", id: 7, error: { code: -32602, message: "Unknown tool: 'notes__lookup'." } });
    expect(notes.ran.lookup ?? 0).toBe(ranBefore);
    const record = await logRecord(t.tenant, denied.requestId);
    expect(record).toMatchObject({ outcome: "rejected", httpStatus: 400, error: { code: "unknown_tool" }, attempts: [] });
  });

  it("a hanging server times out with a JSON-RPC error (504, -32011) and a record", async () => {
    const started = Date.now();
    const hung = await post(t.key, call("slow__append_note", { note: "n" }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hung.status).toBe(504);
    expect(hung.json).toMatchObject({ jsonrpc: "2.0", id: 7, error: { code: -32011 } });
    expect(hung.json.error.message).toContain("MCP server 'slow' failed");
    const record = await logRecord(t.tenant, hung.requestId);
    expect(record).toMatchObject({
      outcome: "failed_before_output",
      httpStatus: 504,
      error: { code: "upstream_timeout", type: "timeout_error" },
    });
    // A write is never retried: one attempt, failed.
    expect(record.attempts.filter((a: any) => a.model === "append_note")).toEqual([
      expect.objectContaining({ provider: "slow", errorClass: "first_event_timeout", decision: "fail" }),
    ]);
    expect(slow.calls.filter((c) => c.tool === "append_note")).toHaveLength(1);
  });

  it("a read-only tool fails over to the backup URL; a write tool is not retried", async () => {
    const read = await post(t.key, call("flaky__lookup", { topic: "owls" }));
    expect(read.status).toBe(200);
    expect(text(read.json.result)).toBe("fact about owls from backup");
    const readRecord = await logRecord(t.tenant, read.requestId);
    expect(readRecord.attempts.filter((a: any) => a.model === "lookup").map((a: any) => [a.status, a.decision])).toEqual([
      [503, "fallback"],
      [200, "commit"],
    ]);

    const backupRuns = backup.ran.append_note ?? 0;
    const write = await post(t.key, call("flaky__append_note", { note: "once" }));
    expect(write.status).toBe(502);
    expect(write.json).toMatchObject({ id: 7, error: { code: -32010 } });
    expect(broken.calls.filter((c) => c.tool === "append_note")).toHaveLength(1);
    expect(backup.ran.append_note ?? 0).toBe(backupRuns);
    const writeRecord = await logRecord(t.tenant, write.requestId);
    expect(writeRecord.attempts.filter((a: any) => a.model === "append_note")).toEqual([
      expect.objectContaining({ status: 503, decision: "fail" }),
    ]);
  });

  it("an answer streamed as SSE is read to its result; a stream that breaks after its first bytes is an error, never retried or stitched", async () => {
    const streamed = await startMcpServer("streamed");
    const spare = await startMcpServer("spare");
    try {
      await admin("PUT", `/tenants/${t.tenant}/mcp-servers/streamed`, { url: streamed.url, backupUrls: [spare.url] });
      streamed.mode = "sse";
      const ok = await post(t.key, call("streamed__lookup", { topic: "streams" }));
      expect(ok.status).toBe(200);
      expect(text(ok.json.result)).toBe("fact about streams from streamed");

      streamed.mode = "drop_after_bytes";
      const broken = await post(t.key, call("streamed__lookup", { topic: "streams" }));
      expect(broken.status).toBe(502);
      expect(broken.json).toMatchObject({ id: 7, error: { code: -32012 } });
      // Read-only, with a backup URL: still not retried once bytes came.
      expect(spare.calls.filter((c) => c.method === "tools/call")).toHaveLength(0);
      const record = await logRecord(t.tenant, broken.requestId);
      expect(record).toMatchObject({ outcome: "failed_before_output", httpStatus: 502, error: { code: "upstream_interrupted" } });
      expect(record.attempts.filter((a: any) => a.model === "lookup")).toEqual([expect.objectContaining({ decision: "fail" })]);
    } finally {
      await Promise.all([streamed.close(), spare.close()]);
    }
  });

  it("a key's request limit counts tool calls: past it, a JSON-RPC error at 429 with retry-after", async () => {
    const limited = (await admin("POST", `/tenants/${t.tenant}/keys`, { name: "limited", limits: { requestsPerMinute: 2 } })).key;
    for (const topic of ["a", "b"]) expect((await post(limited, call("docs__lookup", { topic }))).status).toBe(200);
    const res = await fetch(`${gatewayUrl()}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${limited}`, "content-type": "application/json" },
      body: JSON.stringify(call("docs__lookup", { topic: "c" })),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32002 } });
  });

  it("another tenant's servers are never reachable: the same names reach only that tenant's own servers", async () => {
    const client = await connect(other.key);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["docs__append_note", "docs__forecast", "docs__lookup"]);
    expect(text(await client.callTool({ name: "docs__lookup", arguments: { topic: "isolation-probe" } }))).toBe(
      "fact about isolation-probe from other-docs",
    );
    // The default (2025) client reads a refusal as an HTTP error carrying the JSON-RPC error.
    await expect(client.callTool({ name: "notes__lookup", arguments: { topic: "y" } })).rejects.toThrow(/400.*-32602|-32602/s);
    await client.close();
    expect(docs.calls.some((c) => c.body.includes("isolation-probe"))).toBe(false);
    expect(notes.calls.some((c) => c.body.includes('"y"'))).toBe(false);
  });
});

describe("the MCP door's errors", () => {
  it("answers bad input with JSON-RPC errors at HTTP error statuses, each with a record", async () => {
    const parse = await post(t.key, "{not json");
    expect(parse).toMatchObject({ status: 400, json: { jsonrpc: "2.0", id: null, error: { code: -32700 } } });
    const batch = await post(t.key, [call("docs__lookup", { topic: "a" })]);
    expect(batch).toMatchObject({ status: 400, json: { error: { code: -32600 } } });
    const invalid = await post(t.key, { jsonrpc: "1.0", id: 3, method: "tools/list" });
    expect(invalid).toMatchObject({ status: 400, json: { id: 3, error: { code: -32600 } } });
    const unknown = await post(t.key, { jsonrpc: "2.0", id: 4, method: "sampling/nothing" });
    expect(unknown).toMatchObject({ status: 400, json: { id: 4, error: { code: -32601 } } });
    const noKey = await fetch(`${gatewayUrl()}/mcp`, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32001 } });
    for (const { requestId } of [parse, batch, invalid, unknown]) {
      expect(await logRecord(t.tenant, requestId)).toMatchObject({ outcome: "rejected", httpStatus: 400, path: "/mcp" });
    }
  });

  it("answers a browser's preflight for the MCP headers, and GET /mcp with 405 (no stream, no session)", async () => {
    const preflight = await fetch(`${gatewayUrl()}/mcp`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, mcp-protocol-version, mcp-session-id",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("mcp-protocol-version");
    const get = await fetch(`${gatewayUrl()}/mcp`, { headers: { authorization: `Bearer ${t.key}`, accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await get.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32601 } });
  });

  it("refuses a server URL that is not HTTPS to a public host", async () => {
    for (const url of ["https://10.1.2.3/mcp", "http://example.com/mcp", "https://metadata.internal/mcp"]) {
      const { status, json } = await adminCall("PUT", `/tenants/${t.tenant}/mcp-servers/bad`, { url });
      expect(status).toBe(400);
      expect(json.error.param).toBe("url");
    }
    const { status } = await adminCall("PUT", `/tenants/${t.tenant}/mcp-servers/bad__name`, { url: "https://example.com/mcp" });
    expect(status).toBe(400);
  });
});
