import type { NativeRequest } from "../../providers/native-request.ts";
import type { Door } from "../door.ts";
import { refusalMessage } from "../refusal-message.ts";
import { anthropicErrorBody, anthropicErrorResponse } from "./anthropic-error.ts";
import { toAnthropicMessage } from "./message-json.ts";
import { messageRenderer } from "./message-renderer.ts";

/**
 * `/v1/messages`: Anthropic's stream events, `message` JSON and error JSON. `native` is the
 * client's own request, which Anthropic targets get as is; their events and messages come back as sent.
 */
export function anthropicDoor(droppedParams: string[], native?: NativeRequest): Door {
  return {
    renderer: messageRenderer,
    answerJson: (completion, nativeAnswer) => nativeAnswer ?? JSON.stringify(toAnthropicMessage(completion)),
    error: anthropicErrorResponse,
    refusal: (failure, headers) => {
      const status = failure.status ?? 400;
      return new Response(anthropicErrorBody(status, refusalMessage(failure.body, failure.reason)), {
        status,
        headers: { "content-type": "application/json", ...headers },
      });
    },
    droppedParams,
    ...(native ? { nativeRequest: { anthropic: native } } : {}),
  };
}
