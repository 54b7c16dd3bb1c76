import type { ExportTraceServiceRequest, OtlpAttribute, OtlpEvent, OtlpSpan, OtlpValue } from "./otlp-json.ts";
import { ProtoWriter } from "./protobuf-writer.ts";
import type { ExportMetricsServiceRequest, HistogramPoint, NumberPoint, OtlpMetric } from "./request-metrics.ts";

/*
 * OTLP/HTTP with the binary protobuf encoding, from the same request the JSON encoding sends.
 * Field numbers are opentelemetry-proto's (common/v1, resource/v1, trace/v1, metrics/v1 and their collector services);
 * the tests decode what this writes with the OpenTelemetry project's own generated schema.
 */

function anyValue(w: ProtoWriter, value: OtlpValue): void {
  // A oneof member is written even when it holds its type's default (false, 0, ""): it says which member is set.
  if ("stringValue" in value) w.string(1, value.stringValue);
  else if ("boolValue" in value) w.uint(2, value.boolValue);
  else if ("intValue" in value) w.uint(3, value.intValue);
  else if ("doubleValue" in value) w.double(4, value.doubleValue);
  else
    w.message(5, () => {
      for (const item of value.arrayValue.values) w.message(1, () => anyValue(w, item));
    });
}

/** `KeyValue` entries as the repeated field `field` of their message. */
function attributes(w: ProtoWriter, field: number, list: readonly OtlpAttribute[]): void {
  for (const { key, value } of list) w.message(field, () => w.string(1, key).message(2, () => anyValue(w, value)));
}

function event(w: ProtoWriter, { name, timeUnixNano, attributes: list }: OtlpEvent): void {
  w.message(11, () => {
    w.fixed64(1, timeUnixNano).string(2, name);
    attributes(w, 3, list);
  });
}

const resource = (w: ProtoWriter, list: readonly OtlpAttribute[]) => w.message(1, () => attributes(w, 1, list));

function span(w: ProtoWriter, s: OtlpSpan): void {
  w.message(2, () => {
    w.hex(1, s.traceId).hex(2, s.spanId);
    if (s.traceState) w.string(3, s.traceState);
    if (s.parentSpanId) w.hex(4, s.parentSpanId);
    w.string(5, s.name).uint(6, s.kind).fixed64(7, s.startTimeUnixNano).fixed64(8, s.endTimeUnixNano);
    attributes(w, 9, s.attributes);
    for (const e of s.events) event(w, e);
    w.message(15, () => {
      if (s.status.message) w.string(2, s.status.message);
      w.uint(3, s.status.code);
    });
  });
}

/** A collector request's common frame: resources, each with scopes, each with its items (spans or metrics). */
interface Frame<T> {
  resource: { attributes: readonly OtlpAttribute[] };
  scopes: Array<{ scope: { name: string }; items: readonly T[] }>;
}

function encodeFrames<T>(frames: readonly Frame<T>[], item: (w: ProtoWriter, value: T) => void): Uint8Array {
  const w = new ProtoWriter();
  for (const frame of frames)
    w.message(1, () => {
      resource(w, frame.resource.attributes);
      for (const { scope, items } of frame.scopes)
        w.message(2, () => {
          w.message(1, () => w.string(1, scope.name));
          for (const value of items) item(w, value);
        });
    });
  return w.finish();
}

/** An `ExportTraceServiceRequest` in protobuf's binary encoding (`application/x-protobuf`). */
export function encodeTracesProtobuf(request: ExportTraceServiceRequest): Uint8Array {
  const frames = request.resourceSpans.map((r) => ({
    resource: r.resource,
    scopes: r.scopeSpans.map((s) => ({ scope: s.scope, items: s.spans })),
  }));
  return encodeFrames(frames, span);
}

function histogramPoint(w: ProtoWriter, p: HistogramPoint): void {
  w.message(1, () => {
    w.fixed64(2, p.startTimeUnixNano).fixed64(3, p.timeUnixNano).fixed64(4, p.count).double(5, p.sum);
    w.packedFixed64(6, p.bucketCounts).packedDouble(7, p.explicitBounds);
    attributes(w, 9, p.attributes);
  });
}

function numberPoint(w: ProtoWriter, p: NumberPoint): void {
  w.message(1, () => {
    w.fixed64(2, p.startTimeUnixNano).fixed64(3, p.timeUnixNano);
    if (p.asDouble !== undefined) w.double(4, p.asDouble);
    // `as_int` is an sfixed64: a count is never negative, so its fixed64 bytes are the same.
    if (p.asInt !== undefined) w.fixed64(6, p.asInt);
    attributes(w, 7, p.attributes);
  });
}

function metric(w: ProtoWriter, m: OtlpMetric): void {
  w.message(2, () => {
    w.string(1, m.name).string(3, m.unit);
    if ("histogram" in m)
      w.message(9, () => {
        for (const p of m.histogram.dataPoints) histogramPoint(w, p);
        w.uint(2, m.histogram.aggregationTemporality);
      });
    else
      w.message(7, () => {
        for (const p of m.sum.dataPoints) numberPoint(w, p);
        w.uint(2, m.sum.aggregationTemporality).uint(3, m.sum.isMonotonic);
      });
  });
}

/** An `ExportMetricsServiceRequest` in protobuf's binary encoding (`application/x-protobuf`). */
export function encodeMetricsProtobuf(request: ExportMetricsServiceRequest): Uint8Array {
  const frames = request.resourceMetrics.map((r) => ({
    resource: r.resource,
    scopes: r.scopeMetrics.map((s) => ({ scope: s.scope, items: s.metrics })),
  }));
  return encodeFrames(frames, metric);
}
