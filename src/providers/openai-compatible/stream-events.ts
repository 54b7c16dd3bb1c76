import type { ChatCompletionChunk } from "../../chat/openai-types.ts";
import { decodeSse } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../provider-adapter.ts";
import { errorFromJson } from "./error-message.ts";

/**
 * OpenAI-format SSE → upstream events. `[DONE]` ends the stream; a `data:` carrying
 * `{"error":…}` (or an `event: error`) is an in-band error; unparseable data is an error too.
 */
export function openAIStreamEvents(body: ReadableStream<Uint8Array>): ReadableStream<UpstreamEvent> {
  return decodeSse(body).pipeThrough(
    new TransformStream({
      transform(message, controller) {
        if (message.data === "[DONE]") return controller.enqueue({ type: "done" });
        let json: unknown;
        try {
          json = JSON.parse(message.data);
        } catch {
          return controller.enqueue({
            type: "error",
            message: "upstream sent an event that is not JSON",
            code: "invalid_event",
            data: message.data,
          });
        }
        const inBandError = errorFromJson(json);
        if (inBandError || message.event === "error") {
          return controller.enqueue({
            type: "error",
            message: inBandError?.message ?? "upstream sent an error event",
            code: inBandError?.code ?? null,
            data: message.data,
          });
        }
        controller.enqueue({ type: "chunk", chunk: json as ChatCompletionChunk, data: message.data });
      },
    }),
  );
}
