import { errorResponse } from "../../http/error-response.ts";
import type { Door } from "../../routes/door.ts";
import { passOnRefusal } from "../../routes/openai-door.ts";
import { type ResponseObject, type ResponseShell, responseFromCompletion } from "./response-object.ts";
import { responsesRenderer } from "./response-renderer.ts";

/**
 * `/v1/responses`: Response objects and typed stream events; errors before a stream in OpenAI's
 * error JSON, as on chat completions. `client`: the body as sent (the record keeps it) and
 * what the translation left out (named on each translated attempt). `onResponse` sees the final response (to store it).
 */
export function responsesDoor(
  shell: ResponseShell,
  client: { body: Record<string, unknown>; dropped: string[] },
  onResponse: (response: ResponseObject) => void,
): Door {
  return {
    droppedParams: client.dropped,
    clientBody: client.body,
    renderer: () => responsesRenderer(shell, onResponse),
    answerJson: (completion) => {
      const response = responseFromCompletion(shell, completion);
      onResponse(response);
      return JSON.stringify(response);
    },
    error: errorResponse,
    refusal: passOnRefusal,
  };
}
