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
const scope = (w: ProtoWriter, name: string) => w.message(1, () => w.string(1, name));

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

/** An `ExportTraceServiceRequest` in protobuf's binary encoding (`application/x-protobuf`). */
export function encodeTracesProtobuf(request: ExportTraceServiceRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const resourceSpans of request.resourceSpans)
    w.message(1, () => {
      resource(w, resourceSpans.resource.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans)
        w.message(2, () => {
          scope(w, scopeSpans.scope.name);
          for (const s of scopeSpans.spans) span(w, s);
        });
    });
  return w.finish();
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
  const w = new ProtoWriter();
  for (const resourceMetrics of request.resourceMetrics)
    w.message(1, () => {
      resource(w, resourceMetrics.resource.attributes);
      for (const scopeMetrics of resourceMetrics.scopeMetrics)
        w.message(2, () => {
          scope(w, scopeMetrics.scope.name);
          for (const m of scopeMetrics.metrics) metric(w, m);
        });
    });
  return w.finish();
}
