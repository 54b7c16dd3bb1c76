import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { listenOnLoopback } from "./listen-loopback.ts";

/**
 * How the server answers a `tools/call` right now: normally; as an SSE stream (a progress
 * notification, then the answer); with a 503 (before running the tool); never; with an SSE
 * stream that breaks after its first event; or with a 401 whose body echoes the credential it got.
 */
export type CallMode = "ok" | "sse" | "fail_503" | "hang" | "drop_after_bytes" | "echo_401";

/** One request the server received: its JSON-RPC method, the tool called, its headers. */
export interface McpServerCall {
  method: string;
  tool: string | null;
  /** The request's body as sent. */
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface LoopbackMcpServer {
  url: string;
  calls: McpServerCall[];
  /** Tool calls that reached a tool's code, by tool name. */
  ran: Record<string, number>;
  mode: CallMode;
  close(): Promise<void>;
}

/**
 * An MCP server on loopback built with the official SDK (`createMcpHandler`: the 2026-07-28
 * revision and the SDK's stateless legacy mode). Its tools: `lookup` (read-only: answers a fact
 * naming the server), `append_note` (a write, not idempotent: counts its runs) and `forecast`
 * (read-only: a city's weather); a prompt `greeting` and a resource `memo://readme`. `mode` makes
 * `tools/call` fail or hang.
 */
export async function startMcpServer(label: string): Promise<LoopbackMcpServer> {
  const ran: Record<string, number> = {};
  const count = (tool: string) => {
    ran[tool] = (ran[tool] ?? 0) + 1;
  };
  const factory = () => {
    const server = new McpServer({ name: `test-${label}`, version: "1.0.0" });
    server.registerTool(
      "lookup",
      { description: "Looks a fact up.", inputSchema: z.object({ topic: z.string() }), annotations: { readOnlyHint: true } },
      async ({ topic }) => {
        count("lookup");
        return { content: [{ type: "text", text: `fact about ${topic} from ${label}` }] };
      },
    );
    server.registerTool(
      "append_note",
      {
        description: "Appends a note.",
        inputSchema: z.object({ note: z.string() }),
        annotations: { readOnlyHint: false, idempotentHint: false },
      },
      async ({ note }) => {
        count("append_note");
        return { content: [{ type: "text", text: `noted: ${note}` }] };
      },
    );
    server.registerTool(
      "forecast",
      { description: "Today's weather in a city.", inputSchema: z.object({ city: z.string() }), annotations: { readOnlyHint: true } },
      async ({ city }) => {
        count("forecast");
        return { content: [{ type: "text", text: `The forecast for ${city}: violet hail, 13 degrees.` }] };
      },
    );
    server.registerPrompt("greeting", { description: "A greeting.", argsSchema: z.object({ who: z.string() }) }, async ({ who }) => ({
      messages: [{ role: "user", content: { type: "text", text: `Say hello to ${who} from ${label}.` } }],
    }));
    server.registerResource("readme", "memo://readme", { description: "The server's readme.", mimeType: "text/plain" }, async (uri) => ({
      contents: [{ uri: uri.href, text: `readme of ${label}` }],
    }));
    return server;
  };
  const handler = createMcpHandler(factory);
  const state: LoopbackMcpServer = { url: "", calls: [], ran, mode: "ok", close: async () => {} };

  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let message: { method?: string; params?: { name?: string } } = {};
    try {
      message = JSON.parse(body.toString("utf8"));
    } catch {}
    const method = message.method ?? req.method ?? "";
    state.calls.push({
      method,
      tool: method === "tools/call" ? (message.params?.name ?? null) : null,
      body: body.toString("utf8"),
      headers: req.headers,
    });
    if (method === "tools/call" && state.mode === "hang") return; // never answers: the gateway's timeout must
    if (method === "tools/call" && state.mode === "fail_503") {
      res.writeHead(503, { "content-type": "text/plain" }).end("unavailable");
      return;
    }
    if (method === "tools/call" && state.mode === "echo_401") {
      res.writeHead(401, { "content-type": "text/plain" }).end(`bad credential: ${req.headers.authorization}`);
      return;
    }
    const progress = `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: 1 } })}\n\n`;
    if (method === "tools/call" && state.mode === "drop_after_bytes") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(progress);
      setTimeout(() => res.destroy(), 50);
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      ...(req.method === "POST" || req.method === "DELETE" ? { body } : {}),
    });
    const response = await handler.fetch(request);
    if (method === "tools/call" && state.mode === "sse") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(progress);
      // The SDK's legacy stateless mode already answers in SSE; its JSON answers are framed here.
      const answer = await response.text();
      res.end(response.headers.get("content-type")?.startsWith("text/event-stream") ? answer : `event: message\ndata: ${answer}\n\n`);
      return;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  });
  const listening = await listenOnLoopback(http);
  state.url = `http://127.0.0.1:${listening.port}/mcp`;
  state.close = listening.close;
  return state;
}
