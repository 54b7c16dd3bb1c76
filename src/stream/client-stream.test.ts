import { afterEach, describe, expect, it, vi } from "vitest";
import { readChunks } from "../../test/support/byte-stream.ts";
import type { ChatCompletionChunk } from "../chat/openai-types.ts";
import { clientStream } from "./client-stream.ts";
import type { StreamEnd } from "./stream-end.ts";
import type { StreamRenderer } from "./stream-renderer.ts";
import { UpstreamAbort } from "./upstream-abort.ts";
import type { UpstreamEvent } from "./upstream-event.ts";

const text = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes a test can read back: each chunk's content (and finish reason), then `[DONE]` or `error:<code>:<reason>`. */
const renderer: StreamRenderer = {
  chunk: (event) => {
    const [choice] = event.chunk.choices;
    return choice ? text.encode(`${choice.delta.content ?? ""}${choice.finish_reason ? `(${choice.finish_reason})` : ""}|`) : null;
  },
  done: () => text.encode("[DONE]"),
  interruption: (code, message) => text.encode(`error:${code}:${message}`),
  keepalive: text.encode(":|"),
};

function chunk(content: string, finish: string | null = null): UpstreamEvent {
  const value: ChatCompletionChunk = {
    id: "c",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  };
  return { type: "chunk", chunk: value, data: JSON.stringify(value) };
}

/**
 * A fake upstream reader: it answers each read with the next scripted event, ends after the
 * script (or never, when `hang`), and a cancel resolves a read left waiting as done. A scripted
 * array is one network read that decoded to several events: the first is read, the rest are
 * handed out by `readDecoded` without another read, as the SSE decoder's reader does.
 */
function fakeReader(script: Array<UpstreamEvent | UpstreamEvent[]>, options: { hang?: boolean } = {}) {
  const queue = [...script];
  let decoded: UpstreamEvent[] = [];
  let release: ((result: ReadableStreamReadResult<UpstreamEvent>) => void) | null = null;
  const reader = {
    cancelled: false,
    reads: 0,
    readDecoded: (): UpstreamEvent | undefined => decoded.shift(),
    read: (): Promise<ReadableStreamReadResult<UpstreamEvent>> => {
      const next = queue.shift();
      reader.reads++;
      decoded = Array.isArray(next) ? next.slice(1) : [];
      const value = Array.isArray(next) ? next[0] : next;
      if (value) return Promise.resolve({ done: false, value });
      if (!options.hang || reader.cancelled) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => {
        release = resolve;
      });
    },
    cancel: async () => {
      reader.cancelled = true;
      release?.({ done: true, value: undefined });
    },
  };
  return reader;
}

function start(
  script: Array<UpstreamEvent | UpstreamEvent[]>,
  options: { hang?: boolean; held?: UpstreamEvent[]; redact?: (data: string) => string } = {},
) {
  const reader = fakeReader(script, options);
  const abort = new UpstreamAbort();
  const ends: StreamEnd[] = [];
  const seen: Array<[string, boolean]> = [];
  const body = clientStream({
    held: options.held ?? [],
    reader: reader as unknown as ReadableStreamDefaultReader<UpstreamEvent>,
    abort,
    idleMs: 1_000,
    keepaliveMs: 300,
    renderer,
    ...(options.redact ? { redact: options.redact } : {}),
    onEvent: (event, delivered) => seen.push([event.type, delivered]),
    onEnd: (end) => ends.push(end),
  });
  return { body, reader, abort, ends, seen };
}

/** Everything the client receives, as text (bounded: the stream must end within `maxReads`). */
async function readAll(body: ReadableStream<Uint8Array>, maxReads = 50): Promise<string> {
  return (await readChunks(body, maxReads)).join("");
}

afterEach(() => vi.useRealTimers());

describe("the client stream", () => {
  it("sends the held preamble first, then each event, then the end of a complete answer", async () => {
    const { body, ends, seen } = start([chunk(" world", "stop"), { type: "done" }], { held: [chunk("hello")] });
    expect(await readAll(body)).toBe("hello| world(stop)|[DONE]");
    expect(ends).toEqual([{ kind: "completed" }]);
    expect(seen).toEqual([
      ["chunk", true],
      ["chunk", true],
      ["done", true],
    ]);
  });

  it("sends the events one network read held as one chunk, in order, each recorded as delivered", async () => {
    const { body, reader, seen } = start([[chunk("a"), chunk("b"), chunk("c")], chunk("d"), [chunk("e", "stop"), { type: "done" }]], {
      held: [chunk(""), chunk("0")],
    });
    expect(await readChunks(body)).toEqual(["|0|", "a|b|c|", "d|", "e(stop)|[DONE]"]);
    expect(reader.reads).toBe(3);
    expect(seen.filter(([, delivered]) => delivered)).toHaveLength(8);
  });

  it("sends a long held preamble (a buffered answer) in pieces of at most 64 KiB, in order", async () => {
    const words = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, "0")}${"x".repeat(1020)}`);
    const { body } = start([chunk("", "stop"), { type: "done" }], { held: words.map((word) => chunk(word)) });
    const chunks = await readChunks(body, 100);
    expect(chunks.join("")).toBe(`${words.map((word) => `${word}|`).join("")}(stop)|[DONE]`);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(64 * 1024 + 1100);
  });

  it("sends the events a read held before the error event that follows them", async () => {
    const { body, ends } = start([
      [chunk("a"), chunk("b"), { type: "error", message: "overloaded", code: null, data: "{}" }, chunk("never")],
    ]);
    expect(await readChunks(body)).toEqual(["a|b|error:stream_interrupted:upstream error event: overloaded"]);
    expect(ends[0]).toMatchObject({ kind: "interrupted", code: "stream_interrupted" });
  });

  it("completes an EOF without [DONE] once every choice finished, and interrupts one that did not", async () => {
    const finished = start([chunk("a", "stop")]);
    expect(await readAll(finished.body)).toMatch(/\[DONE\]$/);
    expect(finished.ends).toEqual([{ kind: "completed" }]);

    const cut = start([chunk("a")]);
    expect(await readAll(cut.body)).toMatch(/error:stream_interrupted:the upstream closed the stream before finishing$/);
    expect(cut.ends[0]).toMatchObject({ kind: "interrupted", code: "stream_interrupted" });
    expect(cut.abort.cause).toBe("abandoned");
    expect(cut.reader.cancelled).toBe(true);
  });

  it("ends a stream whose upstream goes silent for idleMs with idle_timeout, after keepalives while it waits", async () => {
    vi.useFakeTimers();
    const { body, ends, abort } = start([chunk("a")], { hang: true });
    const reader = body.getReader();
    expect(decoder.decode((await reader.read()).value)).toBe("a|");
    const received: string[] = [];
    const reading = (async () => {
      for (let i = 0; i < 10; i++) {
        const { done, value } = await reader.read();
        if (done) return;
        received.push(decoder.decode(value));
      }
    })();
    await vi.advanceTimersByTimeAsync(1_100);
    await reading;
    expect(received.filter((bytes) => bytes === ":|").length).toBeGreaterThanOrEqual(2);
    expect(received.at(-1)).toMatch(/^error:idle_timeout:/);
    expect(abort.cause).toBe("idle_timeout");
    expect(ends).toEqual([{ kind: "interrupted", code: "idle_timeout", reason: "the upstream went silent for longer than idleMs" }]);
  });

  it("cuts an echoed secret from what the client gets, while the record sees the event", async () => {
    const redact = (data: string) => data.replaceAll("sk-live-123", "[redacted]");
    const { body, seen } = start([chunk("key sk-live-123", "stop"), { type: "done" }], { redact });
    const received = await readAll(body);
    expect(received).toBe("key [redacted](stop)|[DONE]");
    expect(seen[0]).toEqual(["chunk", true]);
  });

  it("a client that leaves closes the upstream at once and ends as client_aborted", async () => {
    const { body, ends, abort, reader } = start([chunk("a")], { hang: true });
    const client = body.getReader();
    await client.read();
    await client.cancel();
    expect(abort.cause).toBe("client_disconnected");
    expect(reader.cancelled).toBe(true);
    expect(ends).toEqual([{ kind: "client_aborted" }]);
  });
});
