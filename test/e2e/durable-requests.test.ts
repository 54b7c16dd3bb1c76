import OpenAI from "openai";
import type { Response as OpenAIResponse, ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const other = useTenant();

/** Bounded polling of a background response until it leaves `queued`/`in_progress`. */
async function pollUntilDone(client: OpenAI, id: string, timeoutMs = 15_000): Promise<OpenAIResponse> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const response = await client.responses.retrieve(id);
    seen.add(response.status ?? "");
    if (response.status !== "queued" && response.status !== "in_progress") return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`response ${id} still running after ${timeoutMs} ms (saw ${[...seen].join(", ")})`);
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One SSE event of a raw chat stream: its `id:` and its data. */
interface SseEvent {
  id: number;
  data: string;
}

/** Reads SSE events from a response body; stops (and cancels the body) after `limit` events when given. */
async function readEvents(body: ReadableStream<Uint8Array>, limit = Number.POSITIVE_INFINITY): Promise<SseEvent[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  while (events.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0 && events.length < limit) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const id = /^id: (\d+)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (id !== undefined && data !== undefined) events.push({ id: Number(id), data });
      cut = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel().catch(() => {});
  return events;
}

const textOf = (events: SseEvent[]) =>
  events
    .filter((e) => e.data !== "[DONE]")
    .map((e) => JSON.parse(e.data).choices?.[0]?.delta?.content ?? "")
    .join("");

function chatRequest(model: string, content: string, headers: Record<string, string>, stream = true) {
  return fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content }] }),
  });
}

describe("background responses (openai SDK)", () => {
  it("create answers `queued` at once; polling `retrieve` reaches `completed` with the text; one upstream call", async () => {
    const model = await t.workflow("bg-poll", "slow-100+words-8");
    const client = t.client();
    const created = await client.responses.create({ model, input: "hello", background: true });
    expect(created.status).toBe("queued");
    expect(created.background).toBe(true);
    expect(created.id).toMatch(/^resp_[0-9a-z]{26}$/);
    const done = await pollUntilDone(client, created.id);
    expect(done.status).toBe("completed");
    expect(done.output_text.split(" ").length).toBe(8);
    expect(done.usage?.output_tokens).toBeGreaterThan(0);
    expect(t.upstream.callsFor("slow-100+words-8")).toHaveLength(1);
    const record = await logRecord(t.tenant, `req_${created.id.slice(5)}`);
    expect(record.outcome).toBe("completed");
    expect(record.durable).toMatchObject({ mode: "background", status: "completed" });
    expect(record.costUsd === null || record.costUsd >= 0).toBe(true);
    expect(record.usage.completionTokens).toBeGreaterThan(0);
  });

  it("cancel of a slow job closes the upstream connection; cancelling twice returns the same cancelled response", async () => {
    const model = await t.workflow("bg-cancel", "slow-300+words-30");
    const client = t.client();
    const created = await client.responses.create({ model, input: "long job", background: true });
    await until(() => t.upstream.callsFor("slow-300+words-30").length === 1, "the upstream call");
    const cancelled = await client.responses.cancel(created.id);
    expect(cancelled.status).toBe("cancelled");
    const [call] = t.upstream.callsFor("slow-300+words-30");
    if (!call) throw new Error("no upstream call");
    await until(() => call.closedAt !== null, "the upstream connection closed", 5_000);
    expect(call.closedEarly).toBe(true);
    const again = await client.responses.cancel(created.id);
    expect(again.status).toBe("cancelled");
    expect((await client.responses.retrieve(created.id)).status).toBe("cancelled");
    expect(t.upstream.callsFor("slow-300+words-30")).toHaveLength(1);
  });

  it("a background request whose primary fails before any output fails over to the backup", async () => {
    const model = await t.workflow("bg-failover", "status-503", "words-5");
    const client = t.client();
    const created = await client.responses.create({ model, input: "fail over", background: true });
    const done = await pollUntilDone(client, created.id);
    expect(done.status).toBe("completed");
    expect(done.output_text.split(" ").length).toBe(5);
    expect(t.upstream.callsFor("status-503").length).toBeGreaterThanOrEqual(1);
    expect(t.upstream.callsFor("words-5")).toHaveLength(1);
  });

  it("a background request for an unknown workflow is refused at once (404), not queued", async () => {
    const failed = await t
      .client()
      .responses.create({ model: "no-such-workflow-here", input: "x", background: true })
      .catch((e) => e);
    expect(failed).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("another tenant cannot retrieve, resume or cancel it", async () => {
    const model = await t.workflow("bg-tenant", "words-3");
    const created = await t.client().responses.create({ model, input: "mine", background: true });
    const stranger = other.client();
    expect(await stranger.responses.retrieve(created.id).catch((e) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await stranger.responses.cancel(created.id).catch((e) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    const resumed = await fetch(`${gatewayUrl()}/v1/responses/${created.id}?stream=true`, {
      headers: { authorization: `Bearer ${other.key}` },
    });
    expect(resumed.status).toBe(404);
  });
});

describe("resumable streams", () => {
  it("responses.stream({response_id, starting_after}) after the first connection dies: exactly the missing events, then completed; one upstream call", async () => {
    const model = await t.workflow("bg-resume", "slow-100+words-12");
    const client = t.client();
    const first = await client.responses.create({ model, input: "resume me", background: true, stream: true });
    const before: ResponseStreamEvent[] = [];
    for await (const event of first) {
      before.push(event);
      if (event.type === "response.output_text.delta" && before.filter((e) => e.type === "response.output_text.delta").length === 4) break;
    }
    // Leaving the loop aborts the connection: the generation goes on without it.
    const id = (before[0] as Extract<ResponseStreamEvent, { type: "response.created" }>).response.id;
    const last = before.at(-1)?.sequence_number as number;
    expect(before.map((e) => e.sequence_number)).toEqual(before.map((_, i) => i));

    const resumed = client.responses.stream({ response_id: id, starting_after: last });
    const after: ResponseStreamEvent[] = [];
    for await (const event of resumed) after.push(event);
    const final = await resumed.finalResponse();
    expect(after[0]?.sequence_number).toBe(last + 1);
    expect(after.map((e) => e.sequence_number)).toEqual(after.map((_, i) => last + 1 + i));
    expect(after.at(-1)?.type).toBe("response.completed");
    const deltas = [...before, ...after].map((e) => (e.type === "response.output_text.delta" ? e.delta : "")).join("");
    expect(deltas).toBe(final.output_text);
    expect(final.output_text.split(" ").length).toBe(12);
    expect(t.upstream.callsFor("slow-100+words-12")).toHaveLength(1);
  });

  it("a chat stream cut after N events and resumed with Last-Event-ID gives the original text exactly once; one upstream call", async () => {
    const model = await t.workflow("chat-resume", "slow-80+words-15");
    const response = await chatRequest(model, "resume chat", { "x-gateway-resumable": "true" });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id") as string;
    const before = await readEvents(response.body as ReadableStream<Uint8Array>, 5);
    expect(before.map((e) => e.id)).toEqual([0, 1, 2, 3, 4]);
    const lastId = before.at(-1)?.id as number;

    const resumed = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream`, {
      headers: { authorization: `Bearer ${t.key}`, "last-event-id": String(lastId) },
    });
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get("content-type")).toContain("text/event-stream");
    const after = await readEvents(resumed.body as ReadableStream<Uint8Array>);
    expect(after[0]?.id).toBe(lastId + 1);
    expect(after.map((e) => e.id)).toEqual(after.map((_, i) => lastId + 1 + i));
    expect(after.at(-1)?.data).toBe("[DONE]");
    const record = await logRecord(t.tenant, requestId);
    expect(textOf([...before, ...after])).toBe(record.output.text);
    expect(record.output.text.split(" ").length).toBe(15);
    expect(t.upstream.callsFor("slow-80+words-15")).toHaveLength(1);

    // A finished stream replays whole, or after `?after=N` like Last-Event-ID.
    const fromTwo = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream?after=2`, {
      headers: { authorization: `Bearer ${t.key}` },
    });
    expect((await readEvents(fromTwo.body as ReadableStream<Uint8Array>))[0]?.id).toBe(3);
    const whole = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(textOf(await readEvents(whole.body as ReadableStream<Uint8Array>))).toBe(record.output.text);
    expect(t.upstream.callsFor("slow-80+words-15")).toHaveLength(1);
  });

  it("a stream that failed mid-way replays up to and including its error event", async () => {
    const model = await t.workflow("chat-resume-fail", "words-6+die-after-3");
    const response = await chatRequest(model, "die", { "x-gateway-resumable": "true" });
    const requestId = response.headers.get("x-request-id") as string;
    const live = await readEvents(response.body as ReadableStream<Uint8Array>);
    const replay = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream`, {
      headers: { authorization: `Bearer ${t.key}` },
    });
    const replayed = await readEvents(replay.body as ReadableStream<Uint8Array>);
    expect(replayed).toEqual(live);
    expect(JSON.parse(replayed.at(-1)?.data as string).error.code).toBe("stream_interrupted");
  });

  it("a workflow with `resumable: true` makes its streams resumable without the header", async () => {
    const model = await t.workflow("chat-resumable-workflow", "slow-50+words-6", undefined, { resumable: true });
    const response = await chatRequest(model, "by workflow", {});
    const requestId = response.headers.get("x-request-id") as string;
    const live = await readEvents(response.body as ReadableStream<Uint8Array>);
    expect(live.map((e) => e.id)).toEqual(live.map((_, i) => i));
    const resumed = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream`, {
      headers: { authorization: `Bearer ${t.key}`, "last-event-id": "2" },
    });
    expect(await readEvents(resumed.body as ReadableStream<Uint8Array>)).toEqual(live.slice(3));
    expect(t.upstream.callsFor("slow-50+words-6")).toHaveLength(1);
  });

  it("the caller's gateway key is redacted from a durable stream, its replay and its record, as inline", async () => {
    const model = await t.workflow("chat-resume-secret", "echo");
    const response = await chatRequest(model, `my key is ${t.key}`, { "x-gateway-resumable": "true" });
    const requestId = response.headers.get("x-request-id") as string;
    const live = textOf(await readEvents(response.body as ReadableStream<Uint8Array>));
    expect(live).toContain("[REDACTED]");
    expect(live).not.toContain(t.key);
    const replay = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream`, {
      headers: { authorization: `Bearer ${t.key}` },
    });
    expect(await replay.text()).not.toContain(t.key);
    expect(JSON.stringify(await logRecord(t.tenant, requestId))).not.toContain(t.key);
  });

  it("an inline request (no opt-in) has no event ids and no resumable stream", async () => {
    const model = await t.workflow("chat-inline", "words-3");
    const response = await chatRequest(model, "inline", {});
    const requestId = response.headers.get("x-request-id") as string;
    expect(await response.text()).not.toMatch(/^id: /m);
    const resumed = await fetch(`${gatewayUrl()}/v1/chat/completions/${requestId}/stream`, {
      headers: { authorization: `Bearer ${t.key}` },
    });
    expect(resumed.status).toBe(404);
  });
});

describe("Idempotency-Key", () => {
  it("two concurrent identical streams under one key: one upstream call, the same events for both", async () => {
    const model = await t.workflow("idem-stream", "slow-60+words-10");
    const headers = { "idempotency-key": '"order-42-stream"' };
    const [a, b] = await Promise.all([chatRequest(model, "same", headers), chatRequest(model, "same", headers)]);
    const [eventsA, eventsB] = await Promise.all([
      readEvents(a.body as ReadableStream<Uint8Array>),
      readEvents(b.body as ReadableStream<Uint8Array>),
    ]);
    expect(eventsA.length).toBeGreaterThan(10);
    expect(eventsB).toEqual(eventsA);
    expect(a.headers.get("x-request-id")).toBe(b.headers.get("x-request-id"));
    expect(t.upstream.callsFor("slow-60+words-10")).toHaveLength(1);
  });

  it("non-stream: concurrent duplicates share one answer; a later one is replayed with Idempotent-Replayed; another body is 422; the record lists every attached request", async () => {
    const model = await t.workflow("idem-json", "slow-60+words-6");
    const client = t.client();
    const ask = (content: string) =>
      client.chat.completions
        .create({ model, messages: [{ role: "user", content }] }, { headers: { "Idempotency-Key": "order-42" } })
        .withResponse();
    const [a, b] = await Promise.all([ask("pay"), ask("pay")]);
    const text = a.data.choices[0]?.message.content;
    expect(text).toBeTruthy();
    expect(b.data.choices[0]?.message.content).toBe(text);
    expect(b.data.id).toBe(a.data.id);
    expect(t.upstream.callsFor("slow-60+words-6")).toHaveLength(1);

    const replay = await ask("pay");
    expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.data.choices[0]?.message.content).toBe(text);
    expect(t.upstream.callsFor("slow-60+words-6")).toHaveLength(1);

    const reused = await ask("a different request").catch((e) => e);
    expect(reused).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect(reused.status).toBe(422);
    expect(reused.code).toBe("idempotency_key_reused");

    const record = await logRecord(t.tenant, a.response.headers.get("x-request-id"));
    expect(record.durable.mode).toBe("idempotent");
    expect(record.durable.attached).toHaveLength(2);
    expect(record.durable.attached.map((x: { replayed: boolean }) => x.replayed)).toEqual([false, true]);
  });

  it("an error is replayed too, and the same key in another tenant is independent", async () => {
    const model = await t.workflow("idem-error", "status-400");
    const first = await chatRequest(model, "bad", { "idempotency-key": "shared-key" }, false);
    const second = await chatRequest(model, "bad", { "idempotency-key": "shared-key" }, false);
    expect(first.status).toBe(400);
    expect(second.status).toBe(400);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    expect(t.upstream.callsFor("status-400")).toHaveLength(1);

    await other.workflow("idem-error", "status-400");
    const elsewhere = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${other.key}`, "content-type": "application/json", "idempotency-key": "shared-key" },
      body: JSON.stringify({ model: "idem-error", stream: false, messages: [{ role: "user", content: "bad" }] }),
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get("idempotent-replayed")).toBeNull();
    expect(other.upstream.callsFor("status-400")).toHaveLength(1);
  });

  it("on /v1/responses too: a concurrent duplicate gets the same response (one upstream call), a later one is replayed", async () => {
    const model = await t.workflow("idem-responses", "slow-60+words-5");
    const client = t.client();
    const ask = () => client.responses.create({ model, input: "once" }, { headers: { "Idempotency-Key": "resp-key-1" } }).withResponse();
    const [a, b] = await Promise.all([ask(), ask()]);
    expect(b.data.id).toBe(a.data.id);
    expect(b.data.output_text).toBe(a.data.output_text);
    expect(a.data.output_text.split(" ").length).toBe(5);
    const later = await ask();
    expect(later.response.headers.get("idempotent-replayed")).toBe("true");
    expect(later.data.id).toBe(a.data.id);
    expect(t.upstream.callsFor("slow-60+words-5")).toHaveLength(1);
    // Another key of the same tenant does not receive this generation: the key is part of the request.
    const secondKey = (await admin("POST", `/tenants/${t.tenant}/keys`, { name: "second" })).key as string;
    const other = await t
      .client(secondKey)
      .responses.create({ model, input: "once" }, { headers: { "Idempotency-Key": "resp-key-1" } })
      .catch((e) => e);
    expect(other).toBeInstanceOf(OpenAI.UnprocessableEntityError);
  });

  it("a malformed key is a 400 naming the header", async () => {
    const model = await t.workflow("idem-bad", "words-2");
    const tooLong = await chatRequest(model, "x", { "idempotency-key": "k".repeat(256) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.param).toBe("Idempotency-Key");
  });
});
