import { SSE_MAX_EVENT_CHARS } from "../platform-limits.ts";
import { LineDecoder } from "./line-decoder.ts";
import { UpstreamTooLargeError } from "./upstream-too-large.ts";

/** One dispatched server-sent event. */
export interface SseMessage {
  event: string | null;
  data: string;
  id: string | null;
  /**
   * The event's own bytes, when a network chunk held it whole as `data: ${data}\n\n` in ASCII
   * (a view of that chunk): a renderer that forwards `data` unchanged may send them instead of
   * encoding it again.
   */
  frame?: Uint8Array;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) > 127) return false;
  return true;
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
    const text = this.text.decode(bytes, { stream: true });
    const from = this.framesFrom(text);
    // The fast path needs ASCII without CR: each character is then one byte, and an event's bytes are its part of the chunk.
    if (from === -1 || text.length !== bytes.length || text.includes("\r") || !isAscii(bytes)) return this.feed(this.lines.push(text));
    const messages: SseMessage[] = [];
    if (from > 0) {
      // Before `from`: the end of an event begun in an earlier chunk, the full parse's.
      messages.push(...this.feed(this.lines.push(text.slice(0, from))));
      if (!this.idle) return [...messages, ...this.feed(this.lines.push(text.slice(from)))];
    }
    const end = this.wholeFrames(bytes, text, from, messages);
    // The rest (an event the chunk cuts, another field) takes the full parse, from an event boundary.
    return end === text.length ? messages : [...messages, ...this.feed(this.lines.push(text.slice(end)))];
  }

  /**
   * Where whole `data:` events may start in this chunk, or -1 (the chunk takes the full parse):
   * at once when nothing is pending, else after the blank line that ends the pending event (the
   * chunk's first byte when the last chunk ended its line, else its first "\n\n").
   */
  private framesFrom(text: string): number {
    if (this.idle) return text.startsWith("data: ") ? 0 : -1;
    let at = 1;
    if (!this.lines.idle || text.charCodeAt(0) !== 10) {
      const blank = text.indexOf("\n\n");
      if (blank === -1) return -1;
      at = blank + 2;
    }
    return text.startsWith("data: ", at) ? at : -1;
  }

  /** Nothing pending: the next byte starts an event. */
  private get idle(): boolean {
    return this.lines.idle && this.data.length === 0 && this.event === null;
  }

  /**
   * The common case, read without splitting lines: whole `data: …\n\n` events from `at` on,
   * each handed out with its own bytes (`frame`, a view of the chunk). Stops at anything else
   * (another field, a data line without its blank line, an oversized event); returns where.
   */
  private wholeFrames(bytes: Uint8Array, text: string, from: number, messages: SseMessage[]): number {
    let at = from;
    while (at < text.length) {
      const lineEnd = text.indexOf("\n", at);
      if (!text.startsWith("data: ", at) || lineEnd === -1 || text.charCodeAt(lineEnd + 1) !== 10 || lineEnd - at > this.maxChars) break;
      const frame = at === 0 && lineEnd + 2 === bytes.length ? bytes : bytes.subarray(at, lineEnd + 2);
      messages.push({ event: null, data: text.slice(at + 6, lineEnd), id: this.id, frame });
      at = lineEnd + 2;
    }
    return at;
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

/** The part of a stream reader the gateway uses: one reader, one read at a time. */
export interface EventReader<T> {
  read(): Promise<ReadableStreamReadResult<T>>;
  /** The next item already decoded from the chunk the last read came from, without reading again; undefined when none is. */
  readDecoded?(): T | undefined;
  cancel(reason?: unknown): Promise<void>;
}

/** Decoded items, read through one reader (or iterated, in tests). */
export interface EventStream<T> extends AsyncIterable<T> {
  getReader(): EventReader<T>;
}

/**
 * Reads items decoded from a body's bytes: each `read` hands out the items the last chunk decoded,
 * and reads the body again only when none are left. No stream of items stands between the body
 * and its reader (each stream in series costs a promise and a queue per event: measured in
 * bench/README.md), and an upstream error cannot discard items already decoded: they are all read
 * before the body is read again. When the decoder throws (an oversized line), the body is
 * cancelled at once, so the upstream connection closes instead of staying open until a timer notices.
 */
class DecodedReader<T> implements EventReader<T> {
  private items: T[] = [];
  private next = 0;
  private finished = false;

  private readonly body: ReadableStreamDefaultReader<Uint8Array>;
  private readonly push: (bytes: Uint8Array) => T[];
  private readonly end: () => T[];

  constructor(body: ReadableStreamDefaultReader<Uint8Array>, push: (bytes: Uint8Array) => T[], end: () => T[]) {
    this.body = body;
    this.push = push;
    this.end = end;
  }

  async read(): Promise<ReadableStreamReadResult<T>> {
    for (;;) {
      if (this.next < this.items.length) return { done: false, value: this.items[this.next++] as T };
      if (this.finished) return { done: true, value: undefined };
      const { value, done } = await this.body.read();
      // Cancelled while the read was pending: the body's end is not the upstream's.
      if (this.finished) return { done: true, value: undefined };
      this.next = 0;
      if (done) {
        this.finished = true;
        this.items = this.end();
        continue;
      }
      try {
        this.items = this.push(value);
      } catch (error) {
        this.finished = true;
        this.items = [];
        this.body.cancel(error).catch(() => {});
        throw error;
      }
    }
  }

  readDecoded(): T | undefined {
    return this.next < this.items.length ? this.items[this.next++] : undefined;
  }

  cancel(reason?: unknown): Promise<void> {
    this.finished = true;
    this.items = [];
    return this.body.cancel(reason);
  }
}

/** Bytes → items through an incremental decoder, read on demand (see `DecodedReader`). */
export function decodeBody<T>(body: ReadableStream<Uint8Array>, push: (bytes: Uint8Array) => T[], end: () => T[]): EventStream<T> {
  const getReader = () => new DecodedReader(body.getReader(), push, end);
  return {
    getReader,
    async *[Symbol.asyncIterator]() {
      const reader = getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
}

/**
 * Bytes → SSE messages → items, each message mapped by `map` (a provider's stream translation);
 * `finish` may add items once the body ends (streams that have no end event of their own).
 */
export function mapSse<T>(
  body: ReadableStream<Uint8Array>,
  map: (message: SseMessage) => T[],
  finish: () => T[] = () => [],
): EventStream<T> {
  const decoder = new SseDecoder();
  return decodeBody(
    body,
    (bytes) => decoder.push(bytes).flatMap(map),
    () => [...decoder.end().flatMap(map), ...finish()],
  );
}

/** Bytes → SSE messages. */
export function decodeSse(body: ReadableStream<Uint8Array>): EventStream<SseMessage> {
  return mapSse(body, (message) => [message]);
}
