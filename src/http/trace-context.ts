/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the caller's `traceparent` and
 * `tracestate` make this request's server span a child of the caller's span; without a valid one
 * the gateway starts a trace. Parsed once per request, when it arrives.
 */
export interface TraceContext {
  /** 32 lowercase hex digits, never all zero. */
  traceId: string;
  /** The gateway's server span for this request (16 hex digits). */
  spanId: string;
  /** The caller's span, when it sent a valid `traceparent`. */
  parentSpanId: string | null;
  /** The caller's `tracestate`, passed on unchanged (only with a valid `traceparent`). */
  tracestate: string | null;
  /** The caller's sampled flag (true when the gateway started the trace). */
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
/** Longest `tracestate` kept: the spec's 32 members of at most 256 characters fit in 8 KiB. */
const TRACESTATE_MAX_CHARS = 8_192;

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = "";
  for (const value of values) hex += value.toString(16).padStart(2, "0");
  return hex;
}

const allZero = (hex: string) => /^0+$/.test(hex);

/** A fresh span id (8 random bytes, hex). */
export function newSpanId(): string {
  const id = randomHex(8);
  return allZero(id) ? newSpanId() : id;
}

function newTraceId(): string {
  const id = randomHex(16);
  return allZero(id) ? newTraceId() : id;
}

/**
 * The request's trace: the caller's when `traceparent` is valid (version `ff`, all-zero ids and
 * a version-00 header with extra fields are refused, as the spec says), else a new one.
 */
export function traceContextOf(traceparent: string | null | undefined, tracestate: string | null | undefined): TraceContext {
  const match = TRACEPARENT.exec((traceparent ?? "").trim().toLowerCase());
  const [, version, traceId, parentSpanId, flags, extra] = match ?? [];
  const valid =
    !!version &&
    !!traceId &&
    !!parentSpanId &&
    !!flags &&
    version !== "ff" &&
    !(version === "00" && extra) &&
    !allZero(traceId) &&
    !allZero(parentSpanId);
  if (!valid) return { traceId: newTraceId(), spanId: newSpanId(), parentSpanId: null, tracestate: null, sampled: true };
  const state = tracestate?.trim() ?? "";
  return {
    traceId,
    spanId: newSpanId(),
    parentSpanId,
    tracestate: state && state.length <= TRACESTATE_MAX_CHARS ? state : null,
    sampled: (Number.parseInt(flags, 16) & 1) === 1,
  };
}

/** The `traceparent` naming the gateway's server span, for the response and for anything it calls. */
export function traceparentOf(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? "01" : "00"}`;
}
