import type { SseMessage } from "../../stream/sse-decoder.ts";

/** One SSE message as its text on the wire: what a door that speaks the provider's API passes through. */
export function sseText(message: SseMessage): string {
  const data = message.data
    .split("\n")
    .map((line) => `data: ${line}\n`)
    .join("");
  return `${message.event === null ? "" : `event: ${message.event}\n`}${message.id === null ? "" : `id: ${message.id}\n`}${data}\n`;
}
