import type { ChatCompletionChunk } from "../../chat/openai-types.ts";
import { type EventStream, mapSse, type SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { eventJson } from "../translate/event-json.ts";
import { errorFromJson } from "./error-message.ts";

/**
 * One OpenAI-format SSE message as an upstream event: `[DONE]` ends the stream; `{"error":…}`
 * (or `event: error`) is an in-band error; data that is not JSON is an error too.
 */
export function toUpstreamEvent(message: SseMessage): UpstreamEvent {
  if (message.data === "[DONE]") return { type: "done" };
  const parsed = eventJson<unknown>(message);
  if (!parsed.ok) return parsed.error;
  const json = parsed.json;
  const inBandError = errorFromJson(json);
  if (inBandError || message.event === "error") {
    return {
      type: "error",
      message: inBandError?.message ?? "upstream sent an error event",
      code: inBandError?.code ?? null,
      data: message.data,
    };
  }
  return { type: "chunk", chunk: json as ChatCompletionChunk, data: message.data, frame: message.frame };
}

/** An OpenAI-format SSE body as upstream events. */
export function openAIStreamEvents(body: ReadableStream<Uint8Array>): EventStream<UpstreamEvent> {
  return mapSse(body, (message) => [toUpstreamEvent(message)]);
}
