import { SSE_KEEPALIVE } from "../stream/sse-encoder.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Frames per stored pack are cut at this many characters (one storage row each, well under 2 MB)... */
export const EVENT_PACK_CHARS = 256 * 1024;
/** ...or after this long, so a restart loses at most a few seconds of events (a row per 5 s of a slow stream). */
export const EVENT_PACK_MS = 5_000;

/** An SSE event as stored and replayed: `id: N` first, then the event's own lines, then the blank line. */
export function numberedFrame(id: number, frame: string): string {
  return `id: ${id}\n${frame}\n\n`;
}

/** Where the log keeps its frames: packs of frames, written as they fill and at the end. */
export interface EventStore {
  writePack(index: number, frames: string[]): Promise<void>;
}

/**
 * One generation's stream as numbered events: the bytes of the gateway's own SSE stream come in,
 * are cut into events (`\n\n`), numbered from 0 and kept; any number of readers replay the events
 * after the one they last saw and then follow live ones until the end. Keepalive comments are
 * passed to waiting readers, never stored or numbered. Numbers equal the Responses API's
 * `sequence_number` (both start at 0 and rise by one per event).
 */
export class EventLog {
  /** Every event so far, numbered by position. */
  readonly frames: string[];
  private ended: boolean;
  private pending = "";
  private persistedFrames: number;
  private packIndex: number;
  private packChars = 0;
  private packStartedAt = Date.now();
  private wake: (() => void) | null = null;
  private changed: Promise<void>;
  private keepalives = 0;

  private readonly store: EventStore | null;

  constructor(
    store: EventStore | null,
    restored: { frames: string[]; packs: number; ended: boolean } = { frames: [], packs: 0, ended: false },
  ) {
    this.store = store;
    this.frames = restored.frames;
    this.persistedFrames = restored.frames.length;
    this.packIndex = restored.packs;
    this.ended = restored.ended;
    this.changed = this.nextChange();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get packs(): number {
    return this.packIndex;
  }

  /** The gateway's stream bytes, as they come; whole events are numbered and kept. */
  async append(bytes: Uint8Array): Promise<void> {
    this.pending += decoder.decode(bytes, { stream: true });
    let cut = this.pending.indexOf("\n\n");
    let grew = false;
    while (cut >= 0) {
      const frame = this.pending.slice(0, cut);
      this.pending = this.pending.slice(cut + 2);
      if (frame.startsWith(":")) this.keepalives++;
      else if (frame.length > 0) {
        const numbered = numberedFrame(this.frames.length, frame);
        this.frames.push(numbered);
        this.packChars += numbered.length;
      }
      grew = true;
      cut = this.pending.indexOf("\n\n");
    }
    if (grew) this.notify();
    if (this.packChars >= EVENT_PACK_CHARS || (this.packChars > 0 && Date.now() - this.packStartedAt >= EVENT_PACK_MS))
      await this.persist();
  }

  /** The stream is over (completed, failed or cut): the last events are stored, readers finish. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.notify();
    await this.persist();
  }

  /** Events after `after` (-1: all), then live ones until the end, as SSE bytes. */
  reader(after: number): ReadableStream<Uint8Array> {
    let next = Math.max(0, after + 1);
    let seenKeepalives = this.keepalives;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          for (;;) {
            if (next < this.frames.length) {
              const upTo = this.frames.length;
              controller.enqueue(encoder.encode(this.frames.slice(next, upTo).join("")));
              next = upTo;
              return;
            }
            if (this.ended) {
              controller.close();
              return;
            }
            if (seenKeepalives < this.keepalives) {
              seenKeepalives = this.keepalives;
              controller.enqueue(SSE_KEEPALIVE);
              return;
            }
            await this.changed;
          }
        },
      },
      { highWaterMark: 0 },
    );
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.changed = this.nextChange();
    wake?.();
  }

  /** Writes the frames not yet stored as one pack (one row). */
  private async persist(): Promise<void> {
    if (!this.store || this.persistedFrames === this.frames.length) return;
    const frames = this.frames.slice(this.persistedFrames);
    this.persistedFrames = this.frames.length;
    this.packChars = 0;
    this.packStartedAt = Date.now();
    await this.store.writePack(this.packIndex++, frames);
  }
}

/** Reads a stream of SSE bytes into the log to its end, whoever is listening; the log ends however the stream does. */
export async function appendBody(log: EventLog, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await log.append(value);
    }
  } catch {
    // The body errored (the run was cancelled): what was streamed stays, the job's status says how it ended.
  } finally {
    await log.end();
  }
}
