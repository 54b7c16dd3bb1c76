import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";

/** One SSE message as its text on the wire (how a native stream is passed on as it came). */
function sseText(message: SseMessage): string {
  const data = message.data
    .split("\n")
    .map((line) => `data: ${line}\n`)
    .join("");
  return `${message.event === null ? "" : `event: ${message.event}\n`}${message.id === null ? "" : `id: ${message.id}\n`}${data}\n`;
}

/**
 * A per-message stream translation whose chunks also carry, as `native`, the source events' own
 * text: each chunk the text since the previous chunk (events that made no chunk included), so a
 * door that speaks the provider's API passes the upstream's stream on exactly once and in order.
 */
export function carryingNativeText(translate: (message: SseMessage) => UpstreamEvent[]): (message: SseMessage) => UpstreamEvent[] {
  /** Source text not yet attached to a chunk (pings, block stops, reasoning, …). */
  let pending = "";
  return (message) => {
    pending += sseText(message);
    const events = translate(message);
    const carrier = events.find((event) => event.type === "chunk");
    if (carrier?.type === "chunk") {
      carrier.native = pending;
      pending = "";
    }
    return events;
  };
}
