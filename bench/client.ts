/** The benchmark's client side: one request, timed the way a user experiences it. */

export interface Target {
  name: string;
  /** Base URL up to and including `/v1`. */
  baseUrl: string;
  headers: Record<string, string>;
  /** The `model` to send for a faux scenario (a workflow name, or the faux model itself). */
  model: (scenario: string) => string;
}

export interface StreamTiming {
  /** From request start to response headers, to the first body bytes, to the first content delta, to the end. */
  headersMs: number;
  firstByteMs: number;
  firstContentMs: number;
  totalMs: number;
  /** Arrival gaps between successive content deltas. */
  gapsMs: number[];
  bytes: number;
  /** SSE events delivered (`data:` lines, `[DONE]` included). */
  events: number;
  ok: boolean;
}

let sequence = 0;
/** A prompt no earlier request used, so caches miss unless a test wants a hit. */
export const uniquePrompt = () => `bench ${process.pid} ${Date.now()} ${sequence++}`;

/** No single request (answer included) may take longer than this: a stuck one fails instead of hanging the run. */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Sends one chat completion for `scenario` to `target`. */
function post(target: Target, scenario: string, prompt: string, stream: boolean): Promise<Response> {
  return fetch(`${target.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    body: JSON.stringify({ model: target.model(scenario), messages: [{ role: "user", content: prompt }], stream }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

/** One non-streamed request; its latency in ms (NaN when it failed). */
export async function completionLatency(target: Target, scenario: string, prompt = uniquePrompt()): Promise<number> {
  const started = performance.now();
  try {
    const res = await post(target, scenario, prompt, false);
    const text = await res.text();
    const elapsed = performance.now() - started;
    return res.ok && text.includes('"choices"') ? elapsed : Number.NaN;
  } catch {
    return Number.NaN; // refused, reset or timed out
  }
}

/** One streamed request, timed per delta. Content deltas are found by scanning for `"content":"` (cheap, good enough here). */
export async function streamTiming(target: Target, scenario: string, prompt = uniquePrompt()): Promise<StreamTiming> {
  const started = performance.now();
  const res = await post(target, scenario, prompt, true).catch(() => null);
  const headersMs = performance.now() - started;
  const timing: StreamTiming = {
    headersMs,
    firstByteMs: Number.NaN,
    firstContentMs: Number.NaN,
    totalMs: Number.NaN,
    gapsMs: [],
    bytes: 0,
    events: 0,
    ok: res?.ok ?? false,
  };
  if (!res?.body) return { ...timing, ok: false }; // refused or timed out
  const decoder = new TextDecoder();
  let lastContentAt: number | null = null;
  let sawDone = false;
  let partialLine = "";
  try {
    for await (const bytes of res.body) {
      const now = performance.now() - started;
      if (Number.isNaN(timing.firstByteMs)) timing.firstByteMs = now;
      timing.bytes += bytes.length;
      const text = decoder.decode(bytes, { stream: true });
      if (/"content":"[^"]/.test(text)) {
        if (Number.isNaN(timing.firstContentMs)) timing.firstContentMs = now;
        if (lastContentAt !== null) timing.gapsMs.push(now - lastContentAt);
        lastContentAt = now;
      }
      if (text.includes("[DONE]")) sawDone = true;
      const lines = (partialLine + text).split("\n");
      partialLine = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("data:")) timing.events++;
    }
  } catch {
    timing.ok = false; // reset or timed out mid-stream
  }
  if (partialLine.startsWith("data:")) timing.events++;
  timing.totalMs = performance.now() - started;
  timing.ok = timing.ok && sawDone;
  return timing;
}

/**
 * Streams `scenario`, pausing once `pauseAtBytes` have arrived to run `atPause` (the stream stays
 * open meanwhile), then reads to the end. Returns what `atPause` measured and whether the stream completed.
 */
export async function streamWithPause<T>(target: Target, scenario: string, pauseAtBytes: number, atPause: () => Promise<T>) {
  let bytes = 0;
  let measured: T | null = null;
  let tail = "";
  let error: string | null = null;
  let ok = false;
  try {
    const res = await post(target, scenario, uniquePrompt(), true);
    ok = res.ok;
    for await (const chunk of res.body ?? []) {
      bytes += chunk.length;
      tail = (tail + new TextDecoder().decode(chunk)).slice(-64);
      if (measured === null && bytes >= pauseAtBytes) measured = await atPause();
    }
  } catch (e) {
    error = String((e as Error).cause ?? e); // the stream broke: reported as incomplete, the run goes on
  }
  return { measured, bytes, complete: ok && tail.includes("[DONE]"), error };
}

/** Requests completed and failed at a fixed concurrency for a fixed time. */
export async function throughput(target: Target, scenario: string, concurrency: number, durationMs: number) {
  const deadline = performance.now() + durationMs;
  let completed = 0;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const latency = await completionLatency(target, scenario).catch(() => Number.NaN);
      if (Number.isNaN(latency)) errors++;
      else completed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: completed / seconds, completed, errors };
}

/**
 * `count` streams of `scenario` at once, each read to the end (bounded by `timeoutMs`): the wall
 * time until the last one ends, bytes delivered, and how many completed with `[DONE]`.
 */
export async function concurrentStreams(target: Target, scenario: string, count: number, timeoutMs: number) {
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const one = async () => {
    let bytes = 0;
    let tail = "";
    try {
      const res = await fetch(`${target.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...target.headers },
        body: JSON.stringify({ model: target.model(scenario), messages: [{ role: "user", content: uniquePrompt() }], stream: true }),
        signal,
      });
      for await (const chunk of res.body ?? []) {
        bytes += chunk.length;
        tail = (tail + new TextDecoder().decode(chunk.subarray(-64))).slice(-64);
      }
      return { bytes, complete: res.ok && tail.includes("[DONE]") };
    } catch {
      return { bytes, complete: false };
    }
  };
  const results = await Promise.all(Array.from({ length: count }, one));
  return {
    wallMs: performance.now() - started,
    bytes: results.reduce((sum, r) => sum + r.bytes, 0),
    completed: results.filter((r) => r.complete).length,
  };
}
