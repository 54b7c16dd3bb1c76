import { LineDecoder } from "./line-decoder.ts";

/** One dispatched server-sent event. */
export interface SseMessage {
  event: string | null;
  data: string;
  id: string | null;
}

/**
 * Incremental SSE parser per the WHATWG rules: UTF-8 decoding across chunk boundaries,
 * multi-line `data:` joined by "\n", comments dropped, a blank line dispatches, an event
 * without data is not dispatched.
 */
export class SseDecoder {
  private readonly text = new TextDecoder();
  private readonly lines = new LineDecoder();
  private data: string[] = [];
  private event: string | null = null;
  private id: string | null = null;

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
      if (field === "data") this.data.push(value);
      else if (field === "event") this.event = value;
      else if (field === "id") this.id = value;
    }
    return messages;
  }

  private dispatch(): SseMessage | null {
    const message = this.data.length > 0 ? { event: this.event, data: this.data.join("\n"), id: this.id } : null;
    this.data = [];
    this.event = null;
    return message;
  }
}

/**
 * Bytes → items through an incremental decoder, as one pull-based stream. Unlike a pipeThrough
 * chain, an upstream error cannot discard items already decoded: the stream's queue is empty
 * whenever it reads more bytes, so everything received before a drop reaches the consumer first.
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
        const items = push(value);
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
