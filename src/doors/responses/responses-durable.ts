import { type DurableDoor, interruptedError } from "../../durable/durable-door.ts";
import { bodyFlag, type JobStatus, TERMINAL } from "../../durable/durable-job.ts";
import { responseIdFor } from "./response-object.ts";

/** `/v1/responses` in the request's object: background responses, whose streams and bodies name their own status. */
export const responsesDurable: DurableDoor = {
  name: "responses",
  path: "/v1/responses",
  resumable: false,
  modeOfBody: (body) => (body.includes('"background"') && bodyFlag(body, "background") ? "background" : null),
  statusOfLastFrame: (lastFrame) => {
    if (!lastFrame) return "failed";
    const type = /\nevent: (response\.[a-z_]+)\n/.exec(lastFrame)?.[1];
    if (type === "response.completed") return "completed";
    if (type === "response.incomplete") return "incomplete";
    return "failed";
  },
  statusOfBody: (httpStatus, body) => {
    if (httpStatus < 200 || httpStatus >= 300) return "failed";
    try {
      const status = (JSON.parse(body) as { status?: JobStatus }).status;
      return status && TERMINAL.has(status) ? status : "completed";
    } catch {
      return "failed";
    }
  },
  // `response.failed`, numbered as the stream's next event.
  interruptionEvent: (job, id) => {
    const response = {
      ...(job.shell ?? { id: responseIdFor(job.requestId), object: "response" }),
      status: "failed",
      error: interruptedError(job),
    };
    return `event: response.failed\ndata: ${JSON.stringify({ type: "response.failed", sequence_number: id, response })}`;
  },
};
