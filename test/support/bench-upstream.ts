import { framedResponse, sleep } from "../../src/providers/faux/framed-response.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "./loopback-upstream.ts";

/**
 * Failover Bench's sixteen faults (github.com/failoverbench/failoverbench, scenarios/catalogue.yaml,
 * methodology v0.1) rewritten as the behaviour of our own loopback provider, chosen by model name
 * (`fb-s01` … `fb-s16`, `fb-ok`, `fb-ok-noprefill`) the way the bench's wall chooses them. Every
 * healthy answer is the same sixty-word text, streamed a word per chunk, so completeness is an
 * exact comparison. Times come from `BenchTiming`, so the suite can run the bench's profile scaled.
 */

/** The sixty words every healthy completion streams, one per chunk. */
export const CANONICAL_ANSWER = Array.from({ length: 60 }, (_, i) => `w${i + 1}`).join(" ");
const TOKENS = CANONICAL_ANSWER.split(" ").map((word, i) => (i === 0 ? word : ` ${word}`));

/** The fault durations the bench's full profile uses, in milliseconds (scaled by the caller). */
export interface BenchTiming {
  /** Between two streamed tokens (full profile: 15 ms). */
  tokenGapMs: number;
  /** S07: headers at once, the first token this late (full: 20 s). */
  firstTokenDelayMs: number;
  /** S09: silence after 20 tokens before the connection closes (full: 30 s). */
  stallMs: number;
  /** S06: how long the provider holds a request without answering (full: 120 s). */
  silenceMs: number;
  /** S15: how long the primary answers 503 after `startOutage()` (full: 60 s). */
  outageMs: number;
}

export interface BenchUpstream extends LoopbackUpstream {
  /** S15's clock: the primary answers 503 from now for `outageMs`. */
  startOutage(): void;
}

const encoder = new TextEncoder();

function errorJson(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  return Response.json({ error: { message, type, param: null, code } }, { status, headers });
}

function frame(data: unknown): Uint8Array {
  return encoder.encode(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

/** How a stream departs from the healthy one. */
interface StreamFault {
  firstTokenDelayMs?: number;
  /** Destroy the connection after this many tokens, with no finish chunk. */
  dieAfter?: number;
  /** Go silent after this many tokens for `ms`, then close the stream cleanly. */
  stallAfter?: { tokens: number; ms: number };
  /** Replace the SSE event with this index (1-based, counting the role chunk) with invalid JSON. */
  malformedEvent?: number;
  /** Leave out `data: [DONE]`. */
  noDone?: boolean;
}

function streamAnswer(model: string, includeUsage: boolean, fault: StreamFault, timing: BenchTiming, signal: AbortSignal): Response {
  const id = `chatcmpl-bench-${Date.now().toString(36)}`;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  async function* frames(stop: AbortSignal): AsyncGenerator<Uint8Array> {
    let event = 0;
    const emit = (data: unknown) => (++event === fault.malformedEvent ? encoder.encode('data: {"choices":[{"delta":\n\n') : frame(data));
    yield emit(chunk({ role: "assistant", content: "" }));
    await sleep(fault.firstTokenDelayMs ?? 0, stop);
    for (const [sent, token] of TOKENS.entries()) {
      if (sent === fault.dieAfter) throw new TypeError("bench: connection cut mid-answer");
      if (sent === fault.stallAfter?.tokens) {
        await sleep(fault.stallAfter.ms, stop);
        return;
      }
      if (sent > 0) await sleep(timing.tokenGapMs, stop);
      yield emit(chunk({ content: token }));
    }
    yield emit(chunk({}, "stop"));
    if (includeUsage) yield emit({ id, object: "chat.completion.chunk", created: 0, model, choices: [], usage: USAGE });
    if (!fault.noDone) yield frame("[DONE]");
  }
  return framedResponse(frames, signal, "text/event-stream; charset=utf-8");
}

const USAGE = { prompt_tokens: 21, completion_tokens: TOKENS.length, total_tokens: 21 + TOKENS.length };

function completeAnswer(model: string): Response {
  return Response.json({
    id: `chatcmpl-bench-${Date.now().toString(36)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: CANONICAL_ANSWER }, logprobs: null, finish_reason: "stop" }],
    usage: USAGE,
  });
}

type Body = { model?: unknown; stream?: unknown; messages?: Array<{ role?: unknown }>; stream_options?: { include_usage?: unknown } };

/** Starts the bench's provider on loopback. Attempts are counted per model, as the bench's wall counts them. */
export async function startBenchUpstream(timing: BenchTiming): Promise<BenchUpstream> {
  const attempts = new Map<string, number>();
  let outageEndsAt = 0;
  const handle = async (request: Request): Promise<Response> => {
    const body = (await request.json().catch(() => ({}))) as Body;
    const model = String(body.model ?? "");
    const attempt = (attempts.get(model) ?? 0) + 1;
    attempts.set(model, attempt);
    const answer = (fault: StreamFault = {}) =>
      body.stream === true
        ? streamAnswer(model, body.stream_options?.include_usage === true, fault, timing, request.signal)
        : completeAnswer(model);
    switch (model) {
      case "fb-ok":
        return answer();
      case "fb-ok-noprefill":
        return body.messages?.at(-1)?.role === "assistant"
          ? errorJson(400, "invalid_request_error", "This model does not support assistant message prefill.")
          : answer();
      case "fb-s01-429-retry-after":
        return attempt === 1 ? errorJson(429, "rate_limit_exceeded", "bench: slow down", { "retry-after": "2" }) : answer();
      case "fb-s02-429-persistent":
        return errorJson(429, "rate_limit_exceeded", "bench: rate limited");
      case "fb-s03-500-then-200":
        return attempt === 1 ? errorJson(500, "server_error", "bench: transient") : answer();
      case "fb-s04-503-persistent":
      case "fb-s16-503-persistent":
        return errorJson(503, "overloaded", "bench: overloaded");
      case "fb-s05-reset":
        // Thrown before any header: the loopback server destroys the socket, a reset before headers.
        if (attempt === 1) throw new TypeError("bench: connection reset");
        return answer();
      case "fb-s06-no-response":
        await sleep(timing.silenceMs, request.signal);
        return errorJson(504, "timeout", "bench: gave up holding the request");
      case "fb-s07-slow-ttft":
        return answer({ firstTokenDelayMs: timing.firstTokenDelayMs });
      case "fb-s08-stream-cut":
      case "fb-s14-stream-cut":
        return answer({ dieAfter: 40 });
      case "fb-s09-stream-stall":
        return answer({ stallAfter: { tokens: 20, ms: timing.stallMs } });
      case "fb-s10-malformed-chunk":
        return answer({ malformedEvent: 10 });
      case "fb-s11-no-done":
        return answer({ noDone: true });
      case "fb-s12-context-length":
        return errorJson(
          400,
          "context_length_exceeded",
          "This model's maximum context length is 128 tokens. Your messages resulted in 4096 tokens.",
        );
      case "fb-s13-content-filter":
        return errorJson(400, "content_policy_violation", "bench: the prompt was refused by the content policy.");
      case "fb-s15-flap":
        return Date.now() < outageEndsAt ? errorJson(503, "overloaded", "bench: primary down") : answer();
      default:
        return errorJson(404, "model_not_found", `bench: no scenario named ${model}`);
    }
  };
  const upstream = await startLoopbackUpstream(handle);
  return Object.assign(upstream, {
    startOutage() {
      outageEndsAt = Date.now() + timing.outageMs;
    },
  });
}
