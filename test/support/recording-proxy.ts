import { createServer, type IncomingHttpHeaders } from "node:http";
import { listenOnLoopback } from "./listen-loopback.ts";

/** One request a client sent through the proxy, as it sent it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number | null;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of `target` that records every request a client makes (method,
 * URL, headers, body) and the status it got: what a third-party client (Claude Code) really sends.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts).toString("utf8");
    const recorded: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body, status: null };
    requests.push(recorded);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name)) headers.set(name, value);
    try {
      const upstream = await fetch(`${target}${recorded.url}`, {
        method: recorded.method,
        headers,
        ...(recorded.method === "GET" || recorded.method === "HEAD" ? {} : { body }),
      });
      recorded.status = upstream.status;
      const out = Object.fromEntries(upstream.headers);
      delete out["content-length"];
      delete out["content-encoding"];
      res.writeHead(upstream.status, out);
      if (upstream.body) for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    } catch {
      res.destroy();
    }
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close,
  };
}
