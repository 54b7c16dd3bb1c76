import type { MiddlewareHandler } from "hono";
import { ConfigStore } from "../config/config-store.ts";
import { HEADER, TRACE_HEADER } from "../http/headers.ts";
import { type HostedRequest, hostedRunOf } from "../http/hosted-request.ts";
import { newRequestId, sanitizeClientRequestId } from "../http/request-id.ts";
import { type TraceContext, traceContextOf, traceparentOf } from "../http/trace-context.ts";
import { RequestSecrets } from "../secrets/request-secrets.ts";

export interface RequestContextVariables {
  requestId: string;
  /** `Date.now()` when the request arrived; timings are measured from here. */
  receivedAt: number;
  clientRequestId: string | null;
  store: ConfigStore;
  /** The secrets this request uses, redacted from everything it stores or returns. */
  secrets: RequestSecrets;
  /** Set when the request's Durable Object is running it (durable mode); read here, before any middleware replaces the Request. */
  hosted: HostedRequest | null;
  /** The request's W3C trace: the caller's `traceparent` as parent, or a new trace. */
  trace: TraceContext;
}

/**
 * First middleware: stamps the request (id, receipt time, client id, config store) and,
 * on the way out, puts `x-request-id`, the echoed `x-client-request-id` and the gateway's
 * `traceparent` on every response.
 */
export const requestContext: MiddlewareHandler<{ Bindings: Env; Variables: RequestContextVariables }> = async (c, next) => {
  // A request hosted by its Durable Object keeps the id and receipt time the Worker gave it.
  const hosted = hostedRunOf(c.req.raw);
  const receivedAt = hosted?.receivedAt ?? Date.now();
  const requestId = hosted?.requestId ?? newRequestId(receivedAt);
  const clientRequestId = sanitizeClientRequestId(c.req.header(HEADER.clientRequestId));
  c.set("requestId", requestId);
  c.set("receivedAt", receivedAt);
  c.set("clientRequestId", clientRequestId);
  c.set("store", new ConfigStore(c.env.CONFIG));
  const secrets = new RequestSecrets();
  for (const secret of hosted?.secrets ?? []) secrets.add(secret);
  c.set("secrets", secrets);
  c.set("hosted", hosted ?? null);
  const trace = hosted?.trace ?? traceContextOf(c.req.header(TRACE_HEADER.traceparent), c.req.header(TRACE_HEADER.tracestate));
  c.set("trace", trace);
  await next();
  // A request attached to another's generation (Idempotency-Key) answers with that generation's id.
  if (!c.res.headers.has(HEADER.requestId)) c.res.headers.set(HEADER.requestId, requestId);
  if (clientRequestId) c.res.headers.set(HEADER.clientRequestId, clientRequestId);
  c.res.headers.set(TRACE_HEADER.traceparent, traceparentOf(trace));
};
