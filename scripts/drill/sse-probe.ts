/**
 * Reads one streamed chat completion with raw `fetch`, timestamping every SSE event as its bytes
 * arrive, so checks can judge pacing, keepalives and how the stream ended. Bounded in time
 * (`deadlineMs`) and in events (`maxEvents`): a stream that never ends cannot hang the drill.
 */

/** One SSE event as the client received it; `atMs` counts from the moment the request was sent. */
export type SseEvent =
  | { kind: "comment"; atMs: number; text: string }
  | { kind: "done"; atMs: number }
  | { kind: "chunk"; atMs: number; json: any }
  | { kind: "error"; atMs: number; json: any }
  | { kind: "unparsable"; atMs: number; text: string };

export interface StreamProbe {
  status: number;
  headers: Headers;
  headersAtMs: number;
  events: SseEvent[];
  /** Why reading stopped: the body ended, the drill aborted it on purpose, or a bound was reached. */
  ended: "eof" | "aborted" | "deadline" | "event-limit" | "network-error";
  endedAtMs: number;
  /** When the drill aborted the request (`abortAfterDeltas`), from the request's start. */
  abortedAtMs: number | null;
  /** The body, for answers that are not event streams (errors before output). */
  text: string | null;
  networkError: string | null;
}

export interface ProbeRequest {
  url: string;
  key: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  deadlineMs: number;
  maxEvents?: number;
  /** Abort the request after this many content deltas (a client leaving mid-stream). */
  abortAfterDeltas?: number;
}

const DEFAULT_MAX_EVENTS = 5_000;

/** Whether a chunk carries content the user sees (text or a tool-call delta). */
export function isContentChunk(json: any): boolean {
  const delta = json?.choices?.[0]?.delta;
  return Boolean(delta && ((typeof delta.content === "string" && delta.content !== "") || delta.tool_calls?.length));
}

function parseData(data: string, atMs: number): SseEvent {
  if (data === "[DONE]") return { kind: "done", atMs };
  try {
    const json = JSON.parse(data);
    return json && typeof json === "object" && "error" in json ? { kind: "error", atMs, json } : { kind: "chunk", atMs, json };
  } catch {
    return { kind: "unparsable", atMs, text: data.slice(0, 200) };
  }
}

/** Splits SSE text into events; keeps what is not yet a whole line for the next read. */
export class SseParser {
  private pending = "";
  private data: string[] = [];

  push(text: string, atMs: number): SseEvent[] {
    this.pending += text;
    const out: SseEvent[] = [];
    let newline = this.pending.search(/\r\n|\r|\n/);
    while (newline !== -1) {
      const line = this.pending.slice(0, newline);
      const width = this.pending.startsWith("\r\n", newline) ? 2 : 1;
      this.pending = this.pending.slice(newline + width);
      if (line === "") {
        if (this.data.length) out.push(parseData(this.data.join("\n"), atMs));
        this.data = [];
      } else if (line.startsWith(":")) out.push({ kind: "comment", atMs, text: line.slice(1).trim() });
      else if (line.startsWith("data:")) this.data.push(line.slice(5).replace(/^ /, ""));
      newline = this.pending.search(/\r\n|\r|\n/);
    }
    return out;
  }
}

/** Sends one streamed request and reads its answer to the end or to a bound. */
export async function probeStream(request: ProbeRequest): Promise<StreamProbe> {
  const started = performance.now();
  const now = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new Error("deadline")), request.deadlineMs);
  const probe: StreamProbe = {
    status: 0,
    headers: new Headers(),
    headersAtMs: 0,
    events: [],
    ended: "eof",
    endedAtMs: 0,
    abortedAtMs: null,
    text: null,
    networkError: null,
  };
  try {
    const res = await fetch(`${request.url.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${request.key}`, "content-type": "application/json", ...request.headers },
      body: JSON.stringify(request.body),
      signal: controller.signal,
    });
    probe.status = res.status;
    probe.headers = res.headers;
    probe.headersAtMs = now();
    if (!res.ok || !res.headers.get("content-type")?.includes("text/event-stream")) {
      probe.text = await res.text();
      return probe;
    }
    await readEvents(res, probe, request, controller, now);
  } catch (error) {
    if (probe.abortedAtMs !== null) probe.ended = "aborted";
    else if (controller.signal.aborted) probe.ended = "deadline";
    else {
      probe.ended = "network-error";
      probe.networkError = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    }
  } finally {
    clearTimeout(deadline);
    probe.endedAtMs = now();
  }
  return probe;
}

async function readEvents(res: Response, probe: StreamProbe, request: ProbeRequest, controller: AbortController, now: () => number) {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const maxEvents = request.maxEvents ?? DEFAULT_MAX_EVENTS;
  let deltas = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (const event of parser.push(decoder.decode(value, { stream: true }), now())) {
      probe.events.push(event);
      if (event.kind === "chunk" && isContentChunk(event.json)) deltas++;
      if (request.abortAfterDeltas !== undefined && deltas >= request.abortAfterDeltas) {
        probe.abortedAtMs = now();
        controller.abort(new Error("client abort"));
        await reader.cancel().catch(() => {});
        probe.ended = "aborted";
        return;
      }
      if (probe.events.length >= maxEvents) {
        await reader.cancel().catch(() => {});
        probe.ended = "event-limit";
        return;
      }
    }
  }
}
