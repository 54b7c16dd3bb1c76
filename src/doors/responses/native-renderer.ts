import { SSE_KEEPALIVE } from "../../stream/sse-encoder.ts";
import type { InterruptionCode } from "../../stream/stream-end.ts";
import type { StreamRenderer } from "../../stream/stream-renderer.ts";

const encoder = new TextEncoder();

/**
 * The stream of a Responses-native target, for its client: each chunk's `native` text (the
 * upstream's own events) written once and in order, nothing synthesized around them. Only a
 * failure after commit adds an event: one `response.failed` for the upstream's response (its id,
 * as the client saw it in `response.created`), with the gateway's code and reason.
 */
export function nativeResponsesRenderer(fallbackId: string): StreamRenderer {
  let id = fallbackId;
  let model = "";
  return {
    chunk(event) {
      if (event.chunk.id) id = event.chunk.id;
      if (event.chunk.model) model = event.chunk.model;
      return event.native ? encoder.encode(event.native) : null;
    },
    done: () => new Uint8Array(),
    interruption(code: InterruptionCode, message: string) {
      const response = { id, object: "response", status: "failed", model, output: [], error: { code, message } };
      return encoder.encode(`event: response.failed\ndata: ${JSON.stringify({ type: "response.failed", response })}\n\n`);
    },
    keepalive: SSE_KEEPALIVE,
  };
}
