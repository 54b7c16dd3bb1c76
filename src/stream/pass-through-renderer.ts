import type { StreamRenderer } from "./stream-renderer.ts";

const encoder = new TextEncoder();

/**
 * The renderer of a stream whose target was sent the client's own request: each chunk's `native`
 * text (the upstream's events, as sent) is written once, in order, and nothing is synthesized
 * around it. A failure after commit still ends the stream the door's way (`door`'s interruption).
 */
export function passThroughRenderer(door: Pick<StreamRenderer, "interruption" | "keepalive">): StreamRenderer {
  return {
    chunk: (event) => (event.native ? encoder.encode(event.native) : null),
    done: () => new Uint8Array(),
    interruption: door.interruption,
    keepalive: door.keepalive,
  };
}
