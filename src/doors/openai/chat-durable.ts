import { type DurableDoor, interruptedError } from "../../durable/durable-door.ts";

/** `/v1/chat/completions` in the request's object: resumable streams that complete with `[DONE]`. */
export const chatDurable: DurableDoor = {
  name: "chat",
  path: "/v1/chat/completions",
  resumable: true,
  statusOfLastFrame: (lastFrame) => (lastFrame?.includes("\ndata: [DONE]") ? "completed" : "failed"),
  statusOfBody: (httpStatus) => (httpStatus >= 200 && httpStatus < 300 ? "completed" : "failed"),
  // The chat error event: a resumed stream then ends as any failed stream does.
  interruptionEvent: (job) => {
    const error = interruptedError(job);
    return `data: ${JSON.stringify({ error: { message: error.message, type: "server_error", param: null, code: error.code } })}`;
  },
};
