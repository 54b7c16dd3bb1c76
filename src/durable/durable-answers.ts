import { HEADER } from "../http/headers.ts";
import type { DurableJob } from "./durable-job.ts";
import type { EventLog } from "./event-log.ts";
import type { StoredOutcome } from "./job-storage.ts";

/** OpenAI's error shape, with the generation's id. */
function errorAnswer(status: number, error: { type: string; code: string; message: string; param?: string }, requestId?: string): Response {
  return Response.json(
    { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } },
    { status, ...(requestId ? { headers: { [HEADER.requestId]: requestId } } : {}) },
  );
}

/**
 * What one client of a generation receives: its whole answer, or its events after `after` (a
 * reader that follows the live log), or why there is none.
 */
export function answerFor(job: DurableJob, outcome: StoredOutcome | null, log: EventLog | null, after: number): Response {
  if (outcome?.body === null)
    return errorAnswer(
      500,
      { type: "server_error", code: "answer_not_kept", message: "The answer was too large to keep for replay." },
      job.requestId,
    );
  if (outcome) return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
  if (!job.head || !log) {
    const error = job.error ?? { code: "server_error", message: "The generation ended without an answer." };
    return errorAnswer(500, { type: "server_error", ...error }, job.requestId);
  }
  if (log.isEnded && after >= log.frames.length)
    return errorAnswer(400, {
      type: "invalid_request_error",
      code: "invalid_event_number",
      message: `The stream has ${log.frames.length} events (0 to ${log.frames.length - 1}); there is none after ${after}.`,
    });
  return new Response(log.reader(after), { status: job.head.status, headers: job.head.headers });
}

/** An Idempotency-Key whose first request never reached its object (it failed before starting). */
export function conflictAnswer(): Response {
  return errorAnswer(409, {
    type: "invalid_request_error",
    code: "idempotency_key_unusable",
    param: "Idempotency-Key",
    message: "The original request with this Idempotency-Key did not start; retry with a new key.",
  });
}
