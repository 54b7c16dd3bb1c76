import { createServer } from "node:http";
import { listenOnLoopback } from "./listen-loopback.ts";
import {
  type DecodedMetricsRequest,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  type ReceivedMetric,
  type ReceivedSpan,
} from "./otlp-decode.ts";

export type { ReceivedMetric, ReceivedSpan } from "./otlp-decode.ts";

/** One export as the receiver took it: the body decoded by opentelemetry-proto's schema, whichever encoding carried it. */
export interface ReceivedExport {
  path: string;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: ReturnType<typeof decodeTracesJson>;
}

export interface OtlpReceiver {
  /** The base URL to configure as the exporter's endpoint. */
  endpoint: string;
  /** Every traces export posted, decoded, in order. */
  exports: ReceivedExport[];
  /** Every metrics export posted (to `/v1/metrics`), decoded, in order. */
  metricExports: Array<Omit<ReceivedExport, "body"> & { body: DecodedMetricsRequest }>;
  /** Every span received so far, in order. */
  spans(): ReceivedSpan[];
  /** Every metric received so far, in order. */
  metrics(): ReceivedMetric[];
  close(): Promise<void>;
}

/** The body by its path's signal and its Content-Type, as a collector's OTLP/HTTP receiver reads it; null for a type OTLP/HTTP does not define. */
function decodeExport(path: string, contentType: string | undefined, bytes: Buffer) {
  const metrics = path.endsWith("/v1/metrics");
  if (contentType === "application/x-protobuf") return metrics ? decodeMetricsProtobuf(bytes) : decodeTracesProtobuf(bytes);
  if (contentType === "application/json") return (metrics ? decodeMetricsJson : decodeTracesJson)(bytes.toString("utf8"));
  return null;
}

/**
 * A loopback OTLP/HTTP collector that decodes what it is sent (JSON or protobuf) with the
 * OpenTelemetry project's generated schema, stores it, and answers as a collector does (`200`;
 * `400` for a body that does not decode, `415` for another type). `hang: true` makes a collector
 * that never answers: the dead collector a gateway must not wait for.
 */
export async function startOtlpReceiver(options: { hang?: boolean } = {}): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const metricExports: OtlpReceiver["metricExports"] = [];
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    if (options.hang) return;
    const contentType = req.headers["content-type"];
    const path = req.url ?? "";
    let body: ReturnType<typeof decodeExport>;
    try {
      body = decodeExport(path, contentType, Buffer.concat(parts));
    } catch (error) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ code: 3, message: String(error) }));
      return;
    }
    if (!body) {
      res.writeHead(415).end();
      return;
    }
    const received = { path, contentType, headers: req.headers };
    if (path.endsWith("/v1/metrics")) metricExports.push({ ...received, body: body as DecodedMetricsRequest });
    else exports.push({ ...received, body: body as ReceivedExport["body"] });
    res.writeHead(200, { "content-type": contentType ?? "application/json" }).end(contentType === "application/json" ? "{}" : "");
  });
  const listening = await listenOnLoopback(server);
  return {
    endpoint: `http://127.0.0.1:${listening.port}`,
    exports,
    metricExports,
    metrics: () =>
      metricExports.flatMap((e) => (e.body.resourceMetrics ?? []).flatMap((r) => (r.scopeMetrics ?? []).flatMap((s) => s.metrics ?? []))),
    spans: () => exports.flatMap((e) => (e.body.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []))),
    close: listening.close,
  };
}

/** A span's attributes as a plain object, values unwrapped (an int64 stays a decimal string, as OTLP JSON writes it). */
export function spanAttributes(span: ReceivedSpan | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (span?.attributes ?? []).map(({ key, value }) => {
      const array = value.arrayValue as { values: Array<Record<string, unknown>> } | undefined;
      return [key, array ? array.values.map((v) => Object.values(v)[0]) : Object.values(value)[0]];
    }),
  );
}
