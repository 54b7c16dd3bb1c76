import { traceContextOf } from "../http/trace-context.ts";
import { RequestJournal } from "../journal/request-journal.ts";
import { settle } from "../journal/settle.ts";
import { RequestSecrets } from "../secrets/request-secrets.ts";
import { interruptedError } from "./durable-door.ts";
import type { DurableJob } from "./durable-job.ts";

/**
 * The record of a generation cut by a restart: its journal died with the run, so the object
 * writes one through a journal of its own: failed, with the reason, under the same id.
 */
export function recordInterrupted(env: Env, job: DurableJob, path: string): Promise<void> {
  const journal = new RequestJournal(
    {
      id: job.requestId,
      clientRequestId: null,
      method: "POST",
      path,
      receivedAt: job.receivedAt,
      trace: job.trace ?? traceContextOf(null, null),
    },
    (state) => settle(env, state, new RequestSecrets()),
  );
  const error = interruptedError(job);
  journal.emit({ type: "identified", tenant: job.tenant, keyId: job.keyId, budgeted: false });
  journal.emit({ type: "failed", error: { status: 500, type: "server_error", code: error.code, message: error.message } });
  journal.emit({ type: "responded", status: 500 });
  return journal.settled;
}
