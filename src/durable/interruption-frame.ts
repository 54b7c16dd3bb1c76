import { responseIdFor } from "../doors/responses/response-object.ts";
import type { DurableJob } from "./durable-job.ts";
import { numberedFrame } from "./event-log.ts";

/**
 * The event that ends a stream whose generation was cut by a restart, numbered after the stored
 * ones, in the door's own shape: the chat error event, or `response.failed`. A resumed stream
 * then ends as any failed stream does.
 */
export function interruptionFrame(job: DurableJob, id: number): string {
  const error = job.error ?? { code: "generation_interrupted", message: "The generation did not finish." };
  if (job.door === "chat")
    return numberedFrame(
      id,
      `data: ${JSON.stringify({ error: { message: error.message, type: "server_error", param: null, code: error.code } })}`,
    );
  const response = { ...(job.shell ?? { id: responseIdFor(job.requestId), object: "response" }), status: "failed", error };
  return numberedFrame(id, `event: response.failed\ndata: ${JSON.stringify({ type: "response.failed", sequence_number: id, response })}`);
}
