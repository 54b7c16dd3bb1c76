import type { NativeRequest } from "../../providers/native-request.ts";
import type { Door } from "../door.ts";
import { refusalMessage } from "../refusal-message.ts";
import { googleErrorBody, googleErrorResponse } from "./gemini-error.ts";
import { geminiRenderer } from "./gemini-renderer.ts";
import { toGenerateContentResponse } from "./gemini-response.ts";
import type { StreamFraming } from "./stream-framing.ts";

/**
 * Gemini's `generateContent`: its response JSON, its stream (SSE or a JSON array, by `framing`)
 * and Google's error JSON. `native` is the client's own request, which Gemini targets get as is;
 * their responses and events come back as sent.
 */
export function geminiDoor(droppedParams: string[], framing: () => StreamFraming, native?: NativeRequest): Door {
  return {
    renderer: (nativeStream) => geminiRenderer(framing(), nativeStream),
    answerJson: (completion, nativeAnswer) => nativeAnswer ?? JSON.stringify(toGenerateContentResponse(completion)),
    error: googleErrorResponse,
    refusal: (failure, headers) => {
      const status = failure.status ?? 400;
      return new Response(googleErrorBody(status, refusalMessage(failure.body, failure.reason)), {
        status,
        headers: { "content-type": "application/json", ...headers },
      });
    },
    droppedParams,
    ...(native ? { nativeRequest: { gemini: native } } : {}),
  };
}
