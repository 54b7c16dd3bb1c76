/**
 * OTLP/HTTP with the JSON encoding (opentelemetry-proto's `ExportTraceServiceRequest`, as the
 * OTLP spec maps it to JSON: ids as hex, 64-bit integers as decimal strings, enums as numbers).
 */

export type OtlpValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpValue[] } };

export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

export interface OtlpEvent {
  name: string;
  timeUnixNano: string;
  attributes: OtlpAttribute[];
}

/** `Span.SpanKind` and `Status.StatusCode` of opentelemetry-proto. */
export const SPAN_KIND = { server: 2, client: 3 } as const;
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: (typeof SPAN_KIND)[keyof typeof SPAN_KIND];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  events: OtlpEvent[];
  status: { code: (typeof STATUS_CODE)[keyof typeof STATUS_CODE]; message?: string };
}

export interface ExportTraceServiceRequest {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
  }>;
}

/** A number the conventions type as a double (a cost, seconds), even when it happens to be whole. */
export interface Double {
  double: number;
}

export type AttributeInput = string | number | boolean | Double | string[] | null | undefined;

function otlpValue(input: Exclude<AttributeInput, null | undefined>): OtlpValue {
  if (typeof input === "string") return { stringValue: input };
  if (typeof input === "boolean") return { boolValue: input };
  if (typeof input === "number") return Number.isInteger(input) ? { intValue: String(input) } : { doubleValue: input };
  if (Array.isArray(input)) return { arrayValue: { values: input.map((item) => ({ stringValue: item })) } };
  return { doubleValue: input.double };
}

/** Attributes from a plain object; null and undefined values are left out. */
export function attributesOf(entries: Record<string, AttributeInput>): OtlpAttribute[] {
  const attributes: OtlpAttribute[] = [];
  for (const [key, input] of Object.entries(entries))
    if (input !== null && input !== undefined) attributes.push({ key, value: otlpValue(input) });
  return attributes;
}

/** Milliseconds since the epoch as OTLP's nanoseconds (a decimal string: beyond 2^53). */
export function unixNano(ms: number): string {
  return (BigInt(Math.round(ms * 1_000)) * 1_000n).toString();
}
