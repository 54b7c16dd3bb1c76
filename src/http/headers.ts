/** Response header names of the public contract. */
export const HEADER = {
  requestId: "x-request-id",
  clientRequestId: "x-client-request-id",
  provider: "x-gateway-provider",
  model: "x-gateway-model",
  attempts: "x-gateway-attempts",
  cache: "x-gateway-cache",
  droppedParams: "x-gateway-dropped-params",
} as const;

/** W3C Trace Context: read from the caller; `traceparent` names the gateway's span on every response. */
export const TRACE_HEADER = {
  traceparent: "traceparent",
  tracestate: "tracestate",
} as const;

/** On a duplicate answered from the stored outcome of its Idempotency-Key (the IETF draft, Stripe's name). */
export const IDEMPOTENT_REPLAYED = "idempotent-replayed";

/** Request headers that override a workflow for one request, for keys allowed to (`allowOverrides`). */
export const OVERRIDE_HEADER = {
  targets: "x-gateway-targets",
  timeoutMs: "x-gateway-timeout-ms",
} as const;

/** Headers every streamed response carries so proxies neither buffer nor cache it. */
export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};
