import type { Attachment, DurableJob, DurableMode, JobStatus } from "./durable-job.ts";

/** What a request's record says of its durable generation: how it ran and who attached to it. */
export interface DurableSummary {
  mode: DurableMode;
  status: JobStatus;
  /** Events stored for resuming (streams only). */
  resumable: boolean;
  /** Requests with the same Idempotency-Key that were given this generation instead of a new one. */
  attached: Attachment[];
  /** Times the object ran the request again after a restart, before it had answered (background only). */
  restarts: number;
}

export function durableSummary(job: DurableJob | undefined): DurableSummary | null {
  if (!job) return null;
  return { mode: job.mode, status: job.status, resumable: job.head?.stream === true, attached: job.attached, restarts: job.restarts };
}
