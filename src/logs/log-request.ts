import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type LogEnd, RequestLogSink } from "./log-sink.ts";

/** The outcome of a response that ended before any stream: rejected input, or a gateway failure. */
function endFromStatus(status: number): LogEnd {
  if (status < 400) return { outcome: "completed", httpStatus: status };
  if (status === 499) return { outcome: "client_aborted", httpStatus: status, disconnect: "client" };
  if (status >= 500) return { outcome: "failed_before_output", httpStatus: status };
  return { outcome: "rejected", httpStatus: status };
}

/**
 * Data-plane middleware: opens the request's log before auth (so rejected requests are logged too),
 * registers its write with `waitUntil` at once, and closes it when the response did not hand it to a stream.
 */
export const logRequest: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sink = new RequestLogSink(c.env, {
    requestId: c.var.requestId,
    receivedAt: c.var.receivedAt,
    clientRequestId: c.var.clientRequestId,
    method: c.req.method,
    path: c.req.path,
  });
  c.set("log", sink);
  c.executionCtx.waitUntil(sink.flushed);
  try {
    await next();
  } finally {
    if (!sink.deferred) sink.finish(endFromStatus(c.res.status));
  }
};
