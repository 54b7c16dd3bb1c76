import type { ExportTraceServiceRequest, OtlpAttribute, OtlpEvent, OtlpSpan, OtlpValue } from "./otlp-json.ts";
import { concat, doubleField, fixed64Field, hexBytes, lenField, messageField, stringField, varintField } from "./protobuf-writer.ts";

/*
 * OTLP/HTTP with the binary protobuf encoding, from the same request the JSON encoding sends.
 * Field numbers are opentelemetry-proto's (common/v1, resource/v1, trace/v1, collector/trace/v1);
 * the e2e receiver decodes what this writes with the OpenTelemetry project's own generated schema.
 */

function anyValue(value: OtlpValue): Uint8Array[] {
  // A oneof member is written even when it holds its type's default (false, 0, ""): it says which member is set.
  if ("stringValue" in value) return [stringField(1, value.stringValue)];
  if ("boolValue" in value) return [varintField(2, value.boolValue)];
  if ("intValue" in value) return [varintField(3, value.intValue)];
  if ("doubleValue" in value) return [doubleField(4, value.doubleValue)];
  return [
    messageField(
      5,
      value.arrayValue.values.map((item) => messageField(1, anyValue(item))),
    ),
  ];
}

/** `KeyValue` entries as the repeated field `field` of their message. */
function attributeFields(field: number, attributes: readonly OtlpAttribute[]): Uint8Array[] {
  return attributes.map(({ key, value }) => messageField(field, [stringField(1, key), messageField(2, anyValue(value))]));
}

function eventField({ name, timeUnixNano, attributes }: OtlpEvent): Uint8Array {
  return messageField(11, [fixed64Field(1, timeUnixNano), stringField(2, name), ...attributeFields(3, attributes)]);
}

function spanField(span: OtlpSpan): Uint8Array {
  return messageField(2, [
    lenField(1, hexBytes(span.traceId)),
    lenField(2, hexBytes(span.spanId)),
    ...(span.traceState ? [stringField(3, span.traceState)] : []),
    ...(span.parentSpanId ? [lenField(4, hexBytes(span.parentSpanId))] : []),
    stringField(5, span.name),
    varintField(6, span.kind),
    fixed64Field(7, span.startTimeUnixNano),
    fixed64Field(8, span.endTimeUnixNano),
    ...attributeFields(9, span.attributes),
    ...span.events.map(eventField),
    messageField(15, [...(span.status.message ? [stringField(2, span.status.message)] : []), varintField(3, span.status.code)]),
  ]);
}

/** An `ExportTraceServiceRequest` in protobuf's binary encoding (`application/x-protobuf`). */
export function encodeTracesProtobuf(request: ExportTraceServiceRequest): Uint8Array {
  return concat(
    request.resourceSpans.map((resourceSpans) =>
      messageField(1, [
        messageField(1, attributeFields(1, resourceSpans.resource.attributes)),
        ...resourceSpans.scopeSpans.map((scopeSpans) =>
          messageField(2, [messageField(1, [stringField(1, scopeSpans.scope.name)]), ...scopeSpans.spans.map(spanField)]),
        ),
      ]),
    ),
  );
}
