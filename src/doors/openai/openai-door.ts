import type { AttemptFailure } from "../../attempts/attempt-failure.ts";
import { failedClosedResponse } from "../../attempts/loop-failure.ts";
import type { ChatRequest } from "../../chat/chat-request.ts";
import { errorResponse } from "../../http/error-response.ts";
import type { Door } from "../door.ts";
import { chatDurable } from "./chat-durable.ts";
import { openAIRenderer } from "./openai-renderer.ts";

/** `/v1/chat/completions`: OpenAI's chunks, completions and error JSON. */
export function openAIDoor(request: ChatRequest): Door {
  return {
    renderer: () => openAIRenderer(request.stream_options?.include_usage === true),
    answerJson: (completion) => JSON.stringify(completion),
    error: errorResponse,
    refusal: passOnRefusal,
    durable: chatDurable,
  };
}

/** The upstream's own refusal (400/413/422) in OpenAI's error JSON, with the gateway's headers. */
export function passOnRefusal(failure: AttemptFailure, headers: Record<string, string>): Response {
  const response = failedClosedResponse(failure);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
