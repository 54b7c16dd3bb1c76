import { joinBytes } from "./join-bytes.ts";
import type { EventReader } from "./sse-decoder.ts";
import type { InterruptionCode, StreamEnd } from "./stream-end.ts";
import type { ChunkEvent, StreamRenderer } from "./stream-renderer.ts";
import type { AbortCause, UpstreamAbort } from "./upstream-abort.ts";
import type { UpstreamEvent } from "./upstream-event.ts";
import { UpstreamTooLargeError } from "./upstream-too-large.ts";

export interface ClientStreamOptions {
  /** Preamble and the committing event, sent first. */
  held: UpstreamEvent[];
  reader: EventReader<UpstreamEvent>;
  abort: UpstreamAbort;
  idleMs: number;
  keepaliveMs: number;
  /** Sees every upstream event as it is handed to the client (`delivered`), or hidden from it. */
  onEvent?: (event: UpstreamEvent, delivered: boolean) => void;
  /** An event's text with the request's secrets removed, whatever the upstream echoed. */
  redact?: (data: string) => string;
  /** The door's bytes for each event (OpenAI's chunks, or another API's events). */
  renderer: StreamRenderer;
  /**
   * Checked when the upstream completes, before `[DONE]`: an interruption it returns (a broken
   * response contract) is sent instead, so the client never sees a clean end to a bad answer.
   */
  verifyCompletion?: () => { code: InterruptionCode; reason: string } | null;
  /** Called once, however the stream ends. */
  onEnd: (end: StreamEnd) => void;
}

/** A batch is written once it holds this many bytes (a network read is usually far less). */
const BATCH_MAX_BYTES = 64 * 1024;

function interruptionFor(cause: AbortCause | null, error: unknown): { code: InterruptionCode; reason: string } {
  if (cause === "idle_timeout") return { code: "idle_timeout", reason: "the upstream went silent for longer than idleMs" };
  if (cause === "total_timeout") return { code: "total_timeout", reason: "the request ran longer than totalMs" };
  if (error instanceof UpstreamTooLargeError) return { code: "stream_interrupted", reason: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: "stream_interrupted", reason: `the upstream connection failed mid-stream: ${detail}` };
}

/**
 * The committed part of a stream, as the client's SSE bytes. Pull-based, so the client's pace
 * is the upstream's pace (no buffering). After commit nothing is retried: a failure ends the
 * stream with one error event and no `[DONE]`.
 */
export function clientStream(options: ClientStreamOptions): ReadableStream<Uint8Array> {
  const { reader, abort } = options;
  const redact = options.redact ?? ((data: string) => data);
  const held = [...options.held];
  /** Choice indexes seen, and those that finished: a clean EOF after all finished is a completion. */
  const choicesSeen = new Set<number>();
  const choicesFinished = new Set<number>();
  const { renderer } = options;
  let ended = false;
  /**
   * Bytes of the events taken from one network read, written to the client as one chunk: each
   * chunk the runtime writes costs far more than joining them (bench/README.md, item 14).
   */
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  /** Room for another event: a long held preamble (a buffered contract's whole answer) still goes out in pieces. */
  const room = () => !ended && batchBytes < BATCH_MAX_BYTES;
  /** Enqueues the batch as one chunk; true when there was one. */
  const flush = (controller: ReadableStreamDefaultController<Uint8Array>): boolean => {
    if (batch.length === 0) return false;
    // Emptied first: a throw below reaches `end`, which must not send these bytes again.
    const out = batch;
    batch = [];
    batchBytes = 0;
    controller.enqueue(out.length === 1 ? (out[0] as Uint8Array) : joinBytes(out));
    return true;
  };

  const end = (controller: ReadableStreamDefaultController<Uint8Array>, reported: StreamEnd) => {
    if (ended) return;
    ended = true;
    stopTimers();
    const refused = reported.kind === "completed" ? options.verifyCompletion?.() : null;
    const how: StreamEnd = refused ? { kind: "interrupted", ...refused } : reported;
    if (how.kind === "completed") batch.push(renderer.done());
    if (how.kind === "interrupted") batch.push(renderer.interruption(how.code, redact(how.reason)));
    flush(controller);
    controller.close();
    if (how.kind !== "completed") abort.abort("abandoned");
    reader.cancel().catch(() => {});
    options.onEnd(how);
  };

  /** The event as the client may see it: an echoed secret is cut from its text (and its parsed chunk). */
  const clean = (event: ChunkEvent): ChunkEvent => {
    const data = redact(event.data);
    const native = event.native === undefined ? undefined : redact(event.native);
    if (data === event.data && native === event.native) return event;
    // The upstream's frame holds the text before redaction: it goes with the old data.
    const { frame: _unredacted, ...rest } = event;
    return { ...rest, data, chunk: data === event.data ? event.chunk : JSON.parse(data), ...(native === undefined ? {} : { native }) };
  };

  /** Takes one upstream event into the batch (or ends the stream with it). */
  const deliver = (controller: ReadableStreamDefaultController<Uint8Array>, event: UpstreamEvent): void => {
    switch (event.type) {
      case "chunk": {
        const choices: unknown = event.chunk.choices;
        for (const choice of Array.isArray(choices) ? (choices as Array<{ index?: unknown; finish_reason?: unknown } | null>) : []) {
          if (typeof choice?.index !== "number") continue;
          choicesSeen.add(choice.index);
          if (choice.finish_reason) choicesFinished.add(choice.index);
        }
        const bytes = renderer.chunk(clean(event));
        options.onEvent?.(event, bytes !== null);
        if (bytes) {
          batch.push(bytes);
          batchBytes += bytes.byteLength;
        }
        return;
      }
      case "done":
        options.onEvent?.(event, true);
        end(controller, { kind: "completed" });
        return;
      case "error":
        options.onEvent?.(event, true);
        end(controller, { kind: "interrupted", code: "stream_interrupted", reason: `upstream error event: ${event.message}` });
        return;
    }
  };

  const allFinished = () => choicesSeen.size > 0 && [...choicesSeen].every((index) => choicesFinished.has(index));

  // One abort listener for the whole stream: an abort cancels the upstream read in flight, which
  // then resolves as done; `abort.cause` tells that apart from a real end.
  const onAbort = () => void reader.cancel().catch(() => {});
  abort.signal.addEventListener("abort", onAbort, { once: true });
  // Two timers for the whole stream, not two per event: each checks the time of the last event when it fires.
  let lastEventAt = Date.now();
  let waiting: ReadableStreamDefaultController<Uint8Array> | null = null;
  const idleCheck = (): ReturnType<typeof setTimeout> =>
    setTimeout(
      () => {
        const quietMs = Date.now() - lastEventAt;
        if (waiting && quietMs >= options.idleMs) abort.abort("idle_timeout");
        else idleTimer = idleCheck();
      },
      // While the client is not reading (backpressure), check again a full idleMs later, not in a 1 ms loop.
      waiting ? Math.max(1, options.idleMs - (Date.now() - lastEventAt)) : options.idleMs,
    );
  let idleTimer = idleCheck();
  const keepalive = setInterval(() => {
    if (waiting && Date.now() - lastEventAt >= options.keepaliveMs) waiting.enqueue(renderer.keepalive);
  }, options.keepaliveMs);
  const stopTimers = () => {
    clearTimeout(idleTimer);
    clearInterval(keepalive);
    abort.signal.removeEventListener("abort", onAbort);
  };

  /** The other events the last network read decoded, while the batch has room (no further read). */
  const takeDecoded = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    while (room()) {
      const event = reader.readDecoded?.();
      if (event === undefined) return;
      deliver(controller, event);
    }
  };

  /**
   * The next events: the held preamble first, then the upstream, bounded by the idle timer; with
   * an event, the others its network read held. True when it enqueued bytes or ended the stream.
   */
  const next = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<boolean> => {
    try {
      // Inside the try: a throw while rendering the preamble still ends the stream with its error event and record.
      if (held.length > 0) {
        while (held.length > 0 && room()) deliver(controller, held.shift() as UpstreamEvent);
        if (held.length === 0) takeDecoded(controller);
        return flush(controller) || ended;
      }
      waiting = controller;
      const { value, done } = await reader.read();
      lastEventAt = Date.now();
      if (abort.cause) throw new DOMException(abort.cause, "AbortError");
      if (!done) {
        deliver(controller, value);
        takeDecoded(controller);
        return flush(controller) || ended;
      }
      // Some servers omit [DONE]; an EOF after every choice finished is still a complete answer.
      if (allFinished()) end(controller, { kind: "completed" });
      else end(controller, { kind: "interrupted", code: "stream_interrupted", reason: "the upstream closed the stream before finishing" });
    } catch (error) {
      // Events already taken (and recorded as delivered) go out before the error event.
      if (abort.cause === "client_disconnected") end(controller, { kind: "client_aborted" });
      else end(controller, { kind: "interrupted", ...interruptionFor(abort.cause, error) });
    } finally {
      waiting = null;
    }
    return true;
  };

  // highWaterMark 0: an event is taken from the upstream only when the client reads, so what the
  // record calls delivered is what the runtime took for the client, never bytes queued for a dead connection.
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Hidden events enqueue nothing; keep going until the client gets bytes or the stream ends.
        while (!ended && !(await next(controller)));
      },
      cancel() {
        // The client went away: close the upstream connection at once.
        abort.abort("client_disconnected");
        if (ended) return;
        ended = true;
        stopTimers();
        reader.cancel().catch(() => {});
        options.onEnd({ kind: "client_aborted" });
      },
    },
    { highWaterMark: 0 },
  );
}
