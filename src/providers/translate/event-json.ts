import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";

/** An SSE message's data as JSON, or the in-band error event that data which is not JSON becomes. */
export function eventJson<T>(message: SseMessage): { ok: true; json: T } | { ok: false; error: UpstreamEvent } {
  try {
    return { ok: true, json: JSON.parse(message.data) as T };
  } catch {
    return {
      ok: false,
      error: { type: "error", message: "upstream sent an event that is not JSON", code: "invalid_event", data: message.data },
    };
  }
}
