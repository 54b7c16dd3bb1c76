import { createServer, type IncomingMessage, type Server } from "node:http";
import { handleFauxRequest } from "../../src/providers/faux/faux-server.ts";
import { listenOnLoopback } from "./listen-loopback.ts";

/** One request the upstream received. */
export interface UpstreamCall {
  model: string;
  body: Record<string, any>;
  headers: IncomingMessage["headers"];
  startedAt: number;
  /** When the connection closed, and whether the gateway closed it before the answer finished. */
  closedAt: number | null;
  closedEarly: boolean;
  /** Body bytes the gateway accepted (written and flushed); a gateway that stops reading keeps it low. */
  bytesSent: number;
}

export interface LoopbackUpstream {
  baseUrl: string;
  calls: UpstreamCall[];
  callsFor(model: string): UpstreamCall[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/**
 * A real HTTP server on 127.0.0.1 answering with `handle`: by default OpenAI's wire format with the faux provider's
 * fault injection chosen by model name. A fault that drops the stream destroys the socket,
 * as a crashed upstream would.
 */
export async function startLoopbackUpstream(
  handle: (request: Request) => Promise<Response> = handleFauxRequest,
): Promise<LoopbackUpstream> {
  const calls: UpstreamCall[] = [];
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: Record<string, any> = {};
    try {
      body = JSON.parse(text);
    } catch {
      // the faux server answers 400 for it
    }
    const call: UpstreamCall = {
      model: String(body.model ?? ""),
      body,
      headers: req.headers,
      startedAt: Date.now(),
      closedAt: null,
      closedEarly: false,
      bytesSent: 0,
    };
    if (req.method === "POST") calls.push(call);
    const abort = new AbortController();
    res.on("close", () => {
      call.closedAt = Date.now();
      call.closedEarly = !res.writableFinished;
      abort.abort();
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      signal: abort.signal,
      ...(req.method === "POST" ? { body: text } : {}),
    });
    try {
      const response = await handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.flushHeaders();
      if (response.body)
        for await (const chunk of response.body) {
          if (res.destroyed) break;
          await new Promise((resolve) => res.write(chunk, resolve));
          call.bytesSent += chunk.byteLength;
        }
      res.end();
    } catch {
      // Bytes already written were flushed (awaited above), as a real upstream's would have been.
      res.destroy();
    }
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls,
    callsFor: (model) => calls.filter((c) => c.model === model),
    close,
  };
}
