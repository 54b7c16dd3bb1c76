import type { MiddlewareHandler } from "hono";
import { hostedRunOf } from "../http/hosted-request.ts";
import type { RequestContextVariables } from "../middleware/request-context.ts";
import { RequestJournal } from "./request-journal.ts";
import { SETTLE_SINKS, settle } from "./settle.ts";

export interface JournalVariables {
  /** This request's journal: stages emit what they learn into it (data plane only). */
  journal: RequestJournal;
}

/**
 * Data-plane middleware: opens the request's journal before auth (so rejected requests are
 * recorded too), hands its settling to `waitUntil` at once, and reports the response's status.
 * The journal, not this middleware, decides when the request is over.
 */
export const journalRequest: MiddlewareHandler<{ Bindings: Env; Variables: RequestContextVariables & JournalVariables }> = async (
  c,
  next,
) => {
  const requestId = c.get("requestId");
  const receivedAt = c.get("receivedAt");
  const clientRequestId = c.get("clientRequestId");
  const secrets = c.get("secrets");
  const trace = c.get("trace");
  // The journal ends the request when its answer is complete (a non-stream body, or a stream closed);
  // settle writes nothing to storage before the response is on its way (after-flush.ts). A run
  // hosted by the request's own object answers that object, not a client: its outcome must be
  // final at once, for the duplicates that wait on it.
  const flushed = hostedRunOf(c.req.raw) ? () => Promise.resolve() : undefined;
  const journal = new RequestJournal(
    { id: requestId, clientRequestId, method: c.req.method, path: c.req.path, receivedAt, trace },
    (state) => settle(c.env, state, secrets, SETTLE_SINKS, flushed),
  );
  c.set("journal", journal);
  c.executionCtx.waitUntil(journal.settled);
  try {
    await next();
  } finally {
    journal.emit({ type: "responded", status: c.res.status });
  }
};
