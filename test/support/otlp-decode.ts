// The OpenTelemetry project's own generated protobuf schema (protobufjs static code for opentelemetry-proto),
// shipped by @opentelemetry/otlp-transformer up to 0.216 (pinned in package.json for this reason).
import root from "@opentelemetry/otlp-transformer/build/src/generated/root.js";

/** One span as the tests read it, whichever encoding carried it: ids as hex, enums as numbers, int64 as decimal strings. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number; message?: string };
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  events: Array<{ name: string; timeUnixNano: string; attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
}

interface DecodedRequest {
  resourceSpans?: Array<{ resource?: unknown; scopeSpans?: Array<{ scope?: { name?: string }; spans?: ReceivedSpan[] }> }>;
}

const proto = (root as any).opentelemetry.proto;
const ExportTraceServiceRequest = proto.collector.trace.v1.ExportTraceServiceRequest;
const ExportMetricsServiceRequest = proto.collector.metrics.v1.ExportMetricsServiceRequest;
/** How the generated code renders a message: the OTLP JSON shape, but with base64 ids (fixed to hex below). */
const AS_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true, oneofs: false };
const ID_FIELDS = ["traceId", "spanId", "parentSpanId"] as const;

const base64ToHex = (base64: string) => Array.from(atob(base64), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
const hexToBase64 = (hex: string) => btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16))));

/** A rendered request with its ids as OTLP JSON writes them (hex) instead of proto3 JSON's base64; empty ids dropped. */
function withHexIds(request: DecodedRequest): DecodedRequest {
  for (const resource of request.resourceSpans ?? [])
    for (const scope of resource.scopeSpans ?? [])
      for (const span of scope.spans ?? [])
        for (const field of ID_FIELDS) {
          const base64 = span[field];
          if (base64) span[field] = base64ToHex(base64);
          else delete span[field];
        }
  return request;
}

/** Hex ids to the base64 the generated code's `fromObject` reads for `bytes`. */
function withBase64Ids(json: any): any {
  for (const resource of json?.resourceSpans ?? [])
    for (const scope of resource?.scopeSpans ?? [])
      for (const span of scope?.spans ?? [])
        for (const field of ID_FIELDS) if (typeof span[field] === "string") span[field] = hexToBase64(span[field]);
  return json;
}

/** An `application/x-protobuf` export body, decoded by the generated schema (a malformed body throws). */
export function decodeTracesProtobuf(body: Uint8Array): DecodedRequest {
  return withHexIds(ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), AS_OBJECT));
}

/**
 * An `application/json` export body, read through the same schema: fields the schema does not know
 * are dropped and values of the wrong type throw, so both encodings reach the tests in one shape.
 */
export function decodeTracesJson(text: string): DecodedRequest {
  const message = ExportTraceServiceRequest.fromObject(withBase64Ids(JSON.parse(text)));
  const problem = ExportTraceServiceRequest.verify(message);
  if (problem) throw new Error(`not an ExportTraceServiceRequest: ${problem}`);
  return withHexIds(ExportTraceServiceRequest.toObject(message, AS_OBJECT));
}

/** One metric as the tests read it (the fields the gateway sends), either encoding. */
export interface ReceivedMetric {
  name: string;
  unit: string;
  histogram?: { aggregationTemporality: number; dataPoints: Array<Record<string, any>> };
  sum?: { aggregationTemporality: number; isMonotonic: boolean; dataPoints: Array<Record<string, any>> };
}

export interface DecodedMetricsRequest {
  resourceMetrics?: Array<{ scopeMetrics?: Array<{ scope?: { name?: string }; metrics?: ReceivedMetric[] }> }>;
}

/** An `application/x-protobuf` metrics export, decoded by the generated schema. */
export function decodeMetricsProtobuf(body: Uint8Array): DecodedMetricsRequest {
  return ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(body), AS_OBJECT);
}

/** An `application/json` metrics export, read through the same schema (wrong types throw). */
export function decodeMetricsJson(text: string): DecodedMetricsRequest {
  const message = ExportMetricsServiceRequest.fromObject(JSON.parse(text));
  const problem = ExportMetricsServiceRequest.verify(message);
  if (problem) throw new Error(`not an ExportMetricsServiceRequest: ${problem}`);
  return ExportMetricsServiceRequest.toObject(message, AS_OBJECT);
}
