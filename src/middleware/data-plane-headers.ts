import type { MiddlewareHandler } from "hono";
import { HEADER } from "../http/headers.ts";
import { CORS_RESPONSE_HEADERS, preflightHeaders } from "./cors.ts";

/**
 * Data-plane middleware, ahead of the log and auth: answers CORS preflights at once (so they need
 * no key and leave no request record), and on the way out gives every `/v1/*` response, whichever
 * path produced it (a route, `onError`, `notFound`), the CORS headers and `x-gateway-attempts`
 * (`0` when the response came before any upstream attempt: a 400, 401, 404, 413, 429, a cache hit).
 */
export const dataPlaneHeaders: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  if (c.req.method === "OPTIONS") return c.body(null, 204, preflightHeaders(c.req.header("access-control-request-headers")));
  await next();
  for (const [name, value] of Object.entries(CORS_RESPONSE_HEADERS)) c.res.headers.set(name, value);
  if (!c.res.headers.has(HEADER.attempts)) c.res.headers.set(HEADER.attempts, "0");
};
