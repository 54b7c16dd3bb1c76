import type { ChatCompletionChunk } from "../chat/openai-types.ts";

/** An upstream stream, translated to OpenAI's chunk vocabulary. */
export type UpstreamEvent =
  /** `data` is the chunk's JSON text, forwarded as is when the gateway does not change the chunk. */
  | {
      type: "chunk";
      chunk: ChatCompletionChunk;
      data: string;
      /**
       * The provider's own SSE text this chunk came from (with any source events that produced no
       * chunk before it), for a door that speaks the provider's format and passes it through.
       */
      native?: string;
      /**
       * The upstream's own bytes for this event when they are exactly `data: ${data}\n\n`
       * (`SseMessage.frame`): a renderer forwarding `data` unchanged sends them as they are.
       * Whoever changes `data` drops it.
       */
      frame?: Uint8Array;
    }
  /** An in-band error event (a 200 stream that reports a failure). */
  | { type: "error"; message: string; code: string | null; data: string }
  | { type: "done" };
