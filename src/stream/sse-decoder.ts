import { SSE_MAX_EVENT_CHARS } from "../platform-limits.ts";
import { LineDecoder } from "./line-decoder.ts";
import { UpstreamTooLargeError } from "./upstream-too-large.ts";

/** One dispatched server-sent event. */
export interface SseMessage {
  event: string | null;
  data: string;
  id: string | null;
}

/**
 * Incremental SSE parser per the WHATWG rules: UTF-8 decoding across chunk boundaries,
 * multi-line `data:` joined by "\n", comments dropped, a blank line dispatches, an event
 * without data is not dispatched. Lines and events over `maxChars` throw `UpstreamTooLargeError`.
 */
export class SseDecoder {
  private readonly text = new TextDecoder();
  private readonly lines: LineDecoder;
  private data: string[] = [];
  /** Characters in `data` so far, joins included. */
  private dataChars = 0;
  private event: string | null = null;
  private id: string | null = null;

  private readonly maxChars: number;

  constructor(maxChars: number = SSE_MAX_EVENT_CHARS) {
    this.maxChars = maxChars;
    this.lines = new LineDecoder(maxChars);
  }

  /** Events completed by these bytes. */
  push(bytes: Uint8Array): SseMessage[] {
    return this.feed(this.lines.push(this.text.decode(bytes, { stream: true })));
  }

  /** Events left at the end of the stream (a last event without its closing blank line). */
  end(): SseMessage[] {
    const messages = this.feed([...this.lines.push(this.text.decode()), ...this.lines.flush()]);
    const last = this.dispatch();
    return last ? [...messages, last] : messages;
  }

  private feed(lines: string[]): SseMessage[] {
    const messages: SseMessage[] = [];
    for (const line of lines) {
      if (line === "") {
        const message = this.dispatch();
        if (message) messages.push(message);
        continue;
      }
      if (line.charCodeAt(0) === 58 /* ":" comment */) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
      if (field === "data") this.pushData(value);
      else if (field === "event") this.event = value;
      else if (field === "id") this.id = value;
    }
    return messages;
  }

  private pushData(value: string): void {
    this.dataChars += value.length + (this.data.length > 0 ? 1 : 0);
    if (this.dataChars > this.maxChars) throw new UpstreamTooLargeError("an SSE event", this.maxChars, "characters");
    this.data.push(value);
  }

  private dispatch(): SseMessage | null {
    const message = this.data.length > 0 ? { event: this.event, data: this.data.join("\n"), id: this.id } : null;
    this.data = [];
    this.dataChars = 0;
    this.event = null;
    return message;
  }
}

/**
 * Bytes → items through an incremental decoder, as one pull-based stream. Unlike a pipeThrough
 * chain, an upstream error cannot discard items already decoded: the stream's queue is empty
 * whenever it reads more bytes, so everything received before a drop reaches the consumer first.
 * When the decoder throws (an oversized line), the body is cancelled at once: the upstream
 * connection closes instead of staying open until a timer notices.
 */
export function decodeBody<T>(body: ReadableStream<Uint8Array>, push: (bytes: Uint8Array) => T[], end: () => T[]): ReadableStream<T> {
  const reader = body.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          for (const item of end()) controller.enqueue(item);
          controller.close();
          return;
        }
        let items: T[];
        try {
          items = push(value);
        } catch (error) {
          reader.cancel(error).catch(() => {});
          throw error;
        }
        if (items.length === 0) continue;
        for (const item of items) controller.enqueue(item);
        return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Bytes → SSE messages → items, each message mapped by `map` (a provider's stream translation);
 * `finish` may add items once the body ends (streams that have no end event of their own).
 */
export function mapSse<T>(
  body: ReadableStream<Uint8Array>,
  map: (message: SseMessage) => T[],
  finish: () => T[] = () => [],
): ReadableStream<T> {
  const decoder = new SseDecoder();
  return decodeBody(
    body,
    (bytes) => decoder.push(bytes).flatMap(map),
    () => [...decoder.end().flatMap(map), ...finish()],
  );
}

/** Bytes → SSE messages. */
export function decodeSse(body: ReadableStream<Uint8Array>): ReadableStream<SseMessage> {
  return mapSse(body, (message) => [message]);
}
