import { createServer } from "node:http";
import { listenOnLoopback } from "./listen-loopback.ts";

/** One span as an OTLP/HTTP JSON export carries it (the fields the tests read). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status: { code: number; message?: string };
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  events: Array<{ name: string }>;
}

export interface OtlpReceiver {
  /** The base URL to configure as the exporter's endpoint. */
  endpoint: string;
  /** Every export posted to `/v1/traces`, as received. */
  exports: Array<{ path: string; contentType: string | undefined; headers: Record<string, string | string[] | undefined>; body: any }>;
  /** Every span received so far, in order. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

/**
 * A loopback OTLP/HTTP collector that stores what it is sent (JSON encoding) and answers as a
 * collector does (`200 {}`). `hang: true` makes a collector that never answers: the dead
 * collector a gateway must not wait for.
 */
export async function startOtlpReceiver(options: { hang?: boolean } = {}): Promise<OtlpReceiver> {
  const exports: OtlpReceiver["exports"] = [];
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    if (options.hang) return;
    let body: unknown = null;
    try {
      body = JSON.parse(Buffer.concat(parts).toString("utf8"));
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"code":3,"message":"not JSON"}');
      return;
    }
    exports.push({ path: req.url ?? "", contentType: req.headers["content-type"], headers: req.headers, body });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  const listening = await listenOnLoopback(server);
  return {
    endpoint: `http://127.0.0.1:${listening.port}`,
    exports,
    spans: () =>
      exports.flatMap((e) => (e.body?.resourceSpans ?? []).flatMap((r: any) => (r.scopeSpans ?? []).flatMap((s: any) => s.spans ?? []))),
    close: listening.close,
  };
}

/** A span's attributes as a plain object, values unwrapped (`intValue` stays a string, as OTLP JSON sends it). */
export function spanAttributes(span: ReceivedSpan | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (span?.attributes ?? []).map(({ key, value }) => {
      const array = value.arrayValue as { values: Array<Record<string, unknown>> } | undefined;
      return [key, array ? array.values.map((v) => Object.values(v)[0]) : Object.values(value)[0]];
    }),
  );
}
