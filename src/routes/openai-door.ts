import { failedClosedResponse } from "../attempts/loop-failure.ts";
import type { ChatRequest } from "../chat/chat-request.ts";
import { errorResponse } from "../http/error-response.ts";
import { openAIRenderer } from "../stream/openai-renderer.ts";
import type { Door } from "./door.ts";

/** `/v1/chat/completions`: OpenAI's chunks, completions and error JSON. */
export function openAIDoor(request: ChatRequest): Door {
  return {
    renderer: () => openAIRenderer(request.stream_options?.include_usage === true),
    answerJson: (completion) => JSON.stringify(completion),
    error: errorResponse,
    refusal: (failure, headers) => {
      const response = failedClosedResponse(failure);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    },
  };
}
