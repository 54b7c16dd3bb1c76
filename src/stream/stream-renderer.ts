import type { InterruptionCode } from "./stream-end.ts";
import type { UpstreamEvent } from "./upstream-event.ts";

/** An upstream chunk, the unit a renderer writes. */
export type ChunkEvent = Extract<UpstreamEvent, { type: "chunk" }>;

/**
 * How a door writes a stream for its clients (OpenAI's chunks, or another API's events). The
 * client stream decides when; the renderer only decides the bytes. One renderer per response.
 */
export interface StreamRenderer {
  /** The bytes for one upstream chunk, or null when this client does not get it (the record still sees it). */
  chunk(event: ChunkEvent): Uint8Array | null;
  /** The end of a complete answer. */
  done(): Uint8Array;
  /** The single final event of an interrupted stream (no `done` follows). */
  interruption(code: InterruptionCode, message: string): Uint8Array;
  /** A comment that keeps intermediaries from closing a quiet connection. */
  readonly keepalive: Uint8Array;
}
