import type { ExportTraceServiceRequest, OtlpAttribute, OtlpEvent, OtlpSpan, OtlpValue } from "./otlp-json.ts";
import { ProtoWriter } from "./protobuf-writer.ts";

/*
 * OTLP/HTTP with the binary protobuf encoding, from the same request the JSON encoding sends.
 * Field numbers are opentelemetry-proto's (common/v1, resource/v1, trace/v1, collector/trace/v1);
 * the tests decode what this writes with the OpenTelemetry project's own generated schema.
 */

function anyValue(w: ProtoWriter, value: OtlpValue): void {
  // A oneof member is written even when it holds its type's default (false, 0, ""): it says which member is set.
  if ("stringValue" in value) w.string(1, value.stringValue);
  else if ("boolValue" in value) w.uint(2, value.boolValue);
  else if ("intValue" in value) w.uint(3, value.intValue);
  else if ("doubleValue" in value) w.double(4, value.doubleValue);
  else w.message(5, () => value.arrayValue.values.forEach((item) => w.message(1, () => anyValue(w, item))));
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
      w.message(1, () => attributes(w, 1, resourceSpans.resource.attributes));
      for (const scopeSpans of resourceSpans.scopeSpans)
        w.message(2, () => {
          w.message(1, () => w.string(1, scopeSpans.scope.name));
          for (const s of scopeSpans.spans) span(w, s);
        });
    });
  return w.finish();
}
