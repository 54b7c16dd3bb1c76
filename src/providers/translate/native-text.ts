import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { sseText } from "./sse-text.ts";

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
