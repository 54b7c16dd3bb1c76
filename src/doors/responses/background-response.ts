import type { DurableJob } from "../../durable/durable-job.ts";
import type { StoredResponse } from "../../logs/log-record.ts";

/**
 * A background response as a poll sees it: the stored response once it is written (it has the
 * output), else the queued response with the job's status; a cancelled one says `cancelled`
 * whatever it had produced, and a failed one carries the job's error.
 */
export function backgroundView(job: DurableJob, stored: StoredResponse | null): Record<string, unknown> {
  if (stored && job.status !== "cancelled") return stored.response;
  const base = stored?.response ?? job.shell ?? {};
  const error = job.status === "failed" ? (job.error ?? (base.error as DurableJob["error"]) ?? null) : null;
  return { ...base, status: job.status, error };
}
