import type { MiddlewareHandler } from "hono";
import { RequestSecrets } from "../auth/request-secrets.ts";
import { ConfigStore } from "../config/config-store.ts";
import { HEADER } from "./headers.ts";
import { newRequestId, sanitizeClientRequestId } from "./request-id.ts";

export interface RequestContextVariables {
  requestId: string;
  /** `Date.now()` when the request arrived; timings are measured from here. */
  receivedAt: number;
  clientRequestId: string | null;
  store: ConfigStore;
  /** The secrets this request uses, redacted from everything it stores or returns. */
  secrets: RequestSecrets;
}

/**
 * First middleware: stamps the request (id, receipt time, client id, config store) and,
 * on the way out, puts `x-request-id` and the echoed `x-client-request-id` on every response.
 */
export const requestContext: MiddlewareHandler<{ Bindings: Env; Variables: RequestContextVariables }> = async (c, next) => {
  const receivedAt = Date.now();
  const requestId = newRequestId(receivedAt);
  const clientRequestId = sanitizeClientRequestId(c.req.header(HEADER.clientRequestId));
  c.set("requestId", requestId);
  c.set("receivedAt", receivedAt);
  c.set("clientRequestId", clientRequestId);
  c.set("store", new ConfigStore(c.env.CONFIG));
  c.set("secrets", new RequestSecrets());
  await next();
  c.res.headers.set(HEADER.requestId, requestId);
  if (clientRequestId) c.res.headers.set(HEADER.clientRequestId, clientRequestId);
};
