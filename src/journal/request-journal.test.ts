import { describe, expect, it } from "vitest";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { ChatCompletion, ChatCompletionChunk } from "../chat/openai-types.ts";
import { traceContextOf } from "../http/trace-context.ts";
import type { JournalState } from "./journal-state.ts";
import type { RequestEvent } from "./request-event.ts";
import { RequestJournal } from "./request-journal.ts";
import { recordOf, usageOf } from "./request-record.ts";

const target = { provider: "p", model: "m" };

function attempt(decision: AttemptRecord["decision"], extra: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    ...target,
    startedAtMs: 0,
    firstByteMs: 5,
    durationMs: 5,
    status: decision === "commit" ? 200 : 503,
    errorClass: decision === "commit" ? null : "http_status",
    reason: decision === "commit" ? null : "HTTP 503: busy",
    decision,
    upstreamHeaders: null,
    droppedParams: [],
    requestBody: { model: "m" },
    ...extra,
  };
}

function chunk(content: string, extra: Partial<ChatCompletionChunk> = {}): RequestEvent {
  const value = { id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content } }], ...extra };
  return { type: "chunk", event: { type: "chunk", chunk: value as ChatCompletionChunk, data: JSON.stringify(value) }, delivered: true };
}

const completion: ChatCompletion = {
  id: "x",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "hi" }, logprobs: null, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

/** Runs events through a journal; returns the state it settled with (null while the request is not over) and how often it settled. */
function journalOf(events: RequestEvent[]): { settled: JournalState | null; ends: number } {
  let settled: JournalState | null = null;
  let ends = 0;
  const journal = new RequestJournal(
    {
      id: "r1",
      clientRequestId: null,
      method: "POST",
      path: "/v1/chat/completions",
      receivedAt: Date.now(),
      trace: traceContextOf(null, null),
    },
    async (state) => {
      settled = state;
      ends++;
    },
  );
  for (const event of events) journal.emit(event);
  return { settled, ends };
}

const start: RequestEvent[] = [
  { type: "identified", tenant: "t", keyId: "k", budgeted: false },
  {
    type: "routed",
    workflow: "w",
    operation: "chat",
    stream: true,
    logContent: "full",
    request: { model: "w", messages: [{ role: "user", content: "hello" }] },
  },
];

function recordFor(events: RequestEvent[]) {
  const { settled, ends } = journalOf(events);
  expect(ends).toBe(1);
  const state = settled as unknown as JournalState;
  return recordOf(state, usageOf(state), null).record;
}

describe("the journal: one fold of the events, one end", () => {
  it("completed stream: committed, chunks, [DONE], then the stream's end", () => {
    const record = recordFor([
      ...start,
      { type: "attempt_ended", attempt: attempt("commit"), providerType: "faux" },
      { type: "committed", target, providerType: "faux", streamed: true },
      { type: "responded", status: 200 },
      chunk("Hel"),
      chunk("lo", { choices: [{ index: 0, delta: { content: "lo" }, finish_reason: "stop" }] as never }),
      { type: "chunk", event: { type: "done" }, delivered: true },
      { type: "stream_ended", end: { kind: "completed" } },
    ]);
    expect(record).toMatchObject({ outcome: "completed", httpStatus: 200, partialOutput: false, servedBy: target, disconnect: null });
    expect(record.output).toMatchObject({ text: "Hello", finishReason: "stop" });
    expect(record.eventCounts).toMatchObject({ chunks: 2, contentDeltas: 2, done: 1 });
    expect(record.usage).toMatchObject({ estimated: true });
  });

  it("a committed stream is not over when the response leaves: it waits for the stream's end", () => {
    const { settled } = journalOf([
      ...start,
      { type: "committed", target, providerType: "faux", streamed: true },
      { type: "responded", status: 200 },
      chunk("a"),
    ]);
    expect(settled).toBeNull();
  });

  it("failed over: every attempt with its decision, served by the last", () => {
    const record = recordFor([
      ...start,
      { type: "attempt_ended", attempt: attempt("fallback"), providerType: "openai" },
      { type: "attempt_ended", attempt: attempt("commit", { provider: "b" }), providerType: "faux" },
      { type: "committed", target: { provider: "b", model: "m" }, providerType: "faux", streamed: false },
      { type: "answered", completion },
      { type: "responded", status: 200 },
    ]);
    expect(record.attempts.map((a) => a.decision)).toEqual(["fallback", "commit"]);
    expect(record).toMatchObject({ outcome: "completed", servedBy: { provider: "b" }, usage: { promptTokens: 3, estimated: false } });
  });

  it("failed before output: the error, no usage when no upstream took the prompt", () => {
    const error = { status: 502, type: "upstream_error", code: "all_targets_failed", message: "Every target failed" };
    const record = recordFor([
      ...start,
      { type: "attempt_ended", attempt: attempt("fail"), providerType: "faux" },
      { type: "failed", error },
      { type: "responded", status: 502 },
    ]);
    expect(record).toMatchObject({ outcome: "failed_before_output", httpStatus: 502, error, usage: null, servedBy: null });
  });

  it("failed after output: partial text kept, the upstream named as the one that broke off", () => {
    const record = recordFor([
      ...start,
      { type: "committed", target, providerType: "faux", streamed: true },
      { type: "responded", status: 200 },
      chunk("par"),
      { type: "stream_ended", end: { kind: "interrupted", code: "stream_interrupted", reason: "dropped" } },
    ]);
    expect(record).toMatchObject({
      outcome: "failed_after_output",
      partialOutput: true,
      disconnect: "upstream",
      error: { code: "stream_interrupted" },
    });
  });

  it("client abort before commit: client_aborted, with the prompt's estimated usage when the upstream had it", () => {
    const record = recordFor([
      ...start,
      {
        type: "attempt_ended",
        attempt: attempt("fail", { status: null, errorClass: "network", reason: "aborted: the client disconnected" }),
        providerType: "faux",
      },
      { type: "failed", error: { status: 499, type: "invalid_request_error", code: "client_closed_request", message: "closed" } },
      { type: "responded", status: 499 },
    ]);
    expect(record).toMatchObject({ outcome: "client_aborted", disconnect: "client", partialOutput: false });
    expect(record.usage).toMatchObject({ estimated: true, completionTokens: 0 });
    expect(record.usage?.promptTokens).toBeGreaterThan(0);
  });

  it("client abort after commit: what was delivered, and a hidden event is not counted as output", () => {
    const hidden: RequestEvent = { ...(chunk("unseen") as Extract<RequestEvent, { type: "chunk" }>), delivered: false };
    const record = recordFor([
      ...start,
      { type: "committed", target, providerType: "faux", streamed: true },
      { type: "responded", status: 200 },
      chunk("seen"),
      { type: "stream_ended", end: { kind: "client_aborted" } },
      hidden,
    ]);
    expect(record).toMatchObject({ outcome: "client_aborted", partialOutput: true, disconnect: "client" });
    expect(record.output?.text).toBe("seen");
  });

  it("cache hit: no attempts, the cached target, nothing spent", () => {
    const record = recordFor([
      ...start,
      { type: "cache_decided", status: "MISS", slot: { key: "k", ttlSeconds: 60 } },
      { type: "cache_hit", completion, servedBy: target, providerType: "faux" },
      { type: "responded", status: 200 },
    ]);
    expect(record).toMatchObject({ outcome: "completed", cache: "HIT", servedBy: target, attempts: [] });
  });

  it("contract violation at the end of a stream: the verdict and an explicit gateway-side end", () => {
    const record = recordFor([
      ...start,
      { type: "contract_applies", source: "workflow", streamMode: "end" },
      { type: "committed", target, providerType: "faux", streamed: true },
      { type: "responded", status: 200 },
      chunk("not json"),
      { type: "contract_verdict", verdict: { ok: false, errors: [{ path: "/", message: "not JSON" }] } },
      { type: "stream_ended", end: { kind: "interrupted", code: "response_contract_violation", reason: "broken" } },
    ]);
    expect(record).toMatchObject({
      outcome: "failed_after_output",
      disconnect: "gateway",
      contract: { verdict: "violated", errors: [{ path: "/", message: "not JSON" }] },
    });
  });

  it("rejected: a refused request with no attempt", () => {
    const record = recordFor([
      { type: "failed", error: { status: 401, type: "authentication_error", code: "invalid_api_key", message: "Invalid API key." } },
      { type: "responded", status: 401 },
    ]);
    expect(record).toMatchObject({ outcome: "rejected", httpStatus: 401, tenant: null, usage: null });
  });

  it("events after the end change nothing and do not end it twice", () => {
    const { ends } = journalOf([{ type: "responded", status: 400 }, { type: "responded", status: 500 }, chunk("late")]);
    expect(ends).toBe(1);
  });
});
