import type { ResponseWebhookType } from "../../config/webhook-config.ts";
import type { DurableJob } from "../../durable/durable-job.ts";
import { announceResponseEvent } from "../../webhooks/announce-response.ts";
import { responseIdFor } from "./response-object.ts";

/**
 * The request object's end-of-generation hook (`GenerationHost`'s `onFinished`): a background
 * Responses API generation that reached a terminal status is announced to the tenant's webhooks.
 * Other durable modes (resumable, idempotent) have a client waiting and announce nothing.
 */
export async function announceFinishedJob(env: Env, job: DurableJob): Promise<void> {
  // No shell: the request was refused before it was accepted (a 400, an unknown workflow): no response exists to announce.
  if (job.mode !== "background" || job.door !== "responses" || !job.shell) return;
  if (job.status === "queued" || job.status === "in_progress") return;
  const type: ResponseWebhookType = `response.${job.status}`;
  await announceResponseEvent(env, { tenant: job.tenant, type, responseId: responseIdFor(job.requestId), requestId: job.requestId });
}
