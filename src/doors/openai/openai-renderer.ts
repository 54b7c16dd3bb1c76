import { SSE_DONE, SSE_KEEPALIVE, sseData } from "../../stream/sse-encoder.ts";
import type { InterruptionCode } from "../../stream/stream-end.ts";
import type { ChunkEvent, StreamRenderer } from "../../stream/stream-renderer.ts";
import { chunkDelivery } from "./chunk-delivery.ts";

/** The single final event of an interrupted stream; the OpenAI SDKs raise it as an APIError. */
export function interruptionEvent(code: InterruptionCode, message: string): Uint8Array {
  return sseData(JSON.stringify({ error: { message, type: "upstream_error", param: null, code } }));
}

/**
 * OpenAI's chat-completion stream: each chunk's JSON forwarded as the upstream sent it (no
 * re-serialization), `[DONE]` at the end, an `{"error":…}` event on interruption. Only chunks with
 * choices, plus one usage chunk when `wantsUsage` (`stream_options.include_usage`).
 */
export function openAIRenderer(wantsUsage: boolean): StreamRenderer {
  const client = { wantsUsage, usageSent: false };
  return {
    chunk(event: ChunkEvent) {
      const delivery = chunkDelivery(event.chunk, client);
      if (delivery === "hide") return null;
      if (delivery === "send_usage") client.usageSent = true;
      // The upstream's own bytes when they are exactly what sseData would encode (no second encoding).
      return event.frame ?? sseData(event.data);
    },
    done: () => SSE_DONE,
    interruption: interruptionEvent,
    keepalive: SSE_KEEPALIVE,
  };
}
