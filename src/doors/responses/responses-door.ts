import { errorResponse } from "../../http/error-response.ts";
import type { Door } from "../door.ts";
import { passOnRefusal } from "../openai/openai-door.ts";
import { type ResponseObject, type ResponseShell, responseFromCompletion } from "./response-object.ts";
import { responsesRenderer } from "./response-renderer.ts";

/**
 * `/v1/responses`: Response objects and typed stream events; errors before a stream in OpenAI's
 * error JSON, as on chat completions. `onResponse` sees the final response (to store it).
 */
export function responsesDoor(shell: ResponseShell, onResponse: (response: ResponseObject) => void): Door {
  return {
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
