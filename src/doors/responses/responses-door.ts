import { errorResponse } from "../../http/error-response.ts";
import type { NativeRequest } from "../../providers/native-request.ts";
import type { Door } from "../door.ts";
import { passOnRefusal } from "../openai/openai-door.ts";
import { nativeResponsesRenderer } from "./native-renderer.ts";
import { type ResponseObject, type ResponseShell, responseFromCompletion } from "./response-object.ts";
import { responsesRenderer } from "./response-renderer.ts";

/** What the door knows of the client's request besides its translation. */
export interface ResponsesClient {
  /** The body as sent: the record keeps it. */
  body: Record<string, unknown>;
  /** What the translation left out (named on each translated attempt). */
  dropped: string[];
  /** What no translated attempt may take (a hosted tool the workflow refuses). */
  refused: { param: string; message: string } | null;
  /** The request a Responses-native target gets as is (model aside). */
  native: NativeRequest;
}

/**
 * `/v1/responses`: Response objects and typed stream events; errors before a stream in OpenAI's
 * error JSON, as on chat completions. `onResponse` sees the final response (to store it). A
 * Responses-native target's events and body reach the client as it sent them; the gateway stores
 * no response of its own for them (docs/responses-fields.md).
 */
export function responsesDoor(shell: ResponseShell, client: ResponsesClient, onResponse: (response: ResponseObject) => void): Door {
  return {
    renderer: (native) => (native ? nativeResponsesRenderer(shell.id) : responsesRenderer(shell, onResponse)),
    answerJson: (completion, native) => {
      if (native !== undefined) return native;
      const response = responseFromCompletion(shell, completion);
      onResponse(response);
      return JSON.stringify(response);
    },
    error: errorResponse,
    refusal: passOnRefusal,
    droppedParams: client.dropped,
    untranslatable: client.refused,
    clientBody: client.body,
    nativeRequest: { "openai-responses": client.native },
  };
}
