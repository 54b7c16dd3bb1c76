import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { SSE_MAX_EVENT_CHARS, UPSTREAM_BODY_MAX_BYTES } from "../../src/platform-limits.ts";
import { FAUX_FLOOD_BYTES } from "../../src/providers/faux/flood.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const messages = [{ role: "user" as const, content: "hello gateway" }];
/** Room for the gateway to read past its own limits: these tests must fail on the size check, not on a timer. */
const patient = { timeouts: { firstEventMs: 15_000, idleMs: 15_000, totalMs: 25_000, keepaliveMs: 5_000 } };
const once = { retry: { maxAttempts: 1, initialBackoffMs: 20, maxBackoffMs: 40 } };

/**
 * Socket buffers (loopback auto-tunes them to several MB each way) and the runtime's read-ahead the
 * upstream may fill beyond what the gateway itself read; measured up to ~14 MB past the limit on a loaded machine.
 */
const BUFFER_SLACK_BYTES = 24 * 1024 * 1024;

/** The gateway stopped reading near its limit and closed the connection, long before the flood's end. */
async function expectClosedEarly(model: string, limit: number) {
  expect(limit + BUFFER_SLACK_BYTES).toBeLessThan(FAUX_FLOOD_BYTES);
  const call = t.upstream.callsFor(model).at(-1);
  await expect.poll(() => call?.closedEarly, { timeout: 2_000, interval: 50 }).toBe(true);
  expect(call?.bytesSent ?? Number.POSITIVE_INFINITY).toBeLessThan(limit + BUFFER_SLACK_BYTES);
}

describe("oversized upstream answers", () => {
  it.each(["endless-line", "huge-body"])("stream, %s before any content: an attempt failure, the backup answers", async (fault) => {
    const name = await t.workflow(`pre-${fault}`, fault, "words-2", { ...patient, ...once });
    const { data: stream, response } = await t.client().chat.completions.create({ model: name, messages, stream: true }).withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("alpha bravo");
    expect(response.headers.get("x-gateway-provider")).toBe("backup");
    const log = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(log.attempts[0]).toMatchObject({ provider: "primary", errorClass: "invalid_response", decision: "fallback" });
    expect(log.attempts[0].reason).toMatch(/larger than/);
    await expectClosedEarly(fault, SSE_MAX_EVENT_CHARS);
  });

  it("stream, an endless line after content: the explicit error event, the upstream closed", async () => {
    const name = await t.workflow("post-endless", "endless-line-after-2", undefined, patient);
    const stream = await t.client().chat.completions.create({ model: name, messages, stream: true });
    let text = "";
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e) => e);
    expect(text).toBe("Echo: hello ");
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.code).toBe("stream_interrupted");
    expect(error.message).toMatch(/larger than/);
    await expectClosedEarly("endless-line-after-2", SSE_MAX_EVENT_CHARS);
  });

  it.each(["huge-body", "endless-line"])("non-stream, %s body: an attempt failure, the backup answers", async (fault) => {
    const name = await t.workflow(`json-${fault}`, fault, "words-3", { ...patient, ...once });
    const { data, response } = await t.client().chat.completions.create({ model: name, messages }).withResponse();
    expect(data.choices[0]?.message.content).toBe("alpha bravo charlie");
    expect(response.headers.get("x-gateway-provider")).toBe("backup");
    const log = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(log.attempts[0]).toMatchObject({ errorClass: "invalid_response", decision: "fallback" });
    expect(log.attempts[0].reason).toMatch(/larger than/);
    await expectClosedEarly(fault, UPSTREAM_BODY_MAX_BYTES);
  });
});

describe("chunks with empty choices (Azure's prompt_filter_results)", () => {
  it("an Azure OpenAI provider: a client that did not ask for usage never sees an empty-choices chunk", async () => {
    await admin("PUT", `/tenants/${t.tenant}/providers/azure`, {
      type: "azure-openai",
      baseUrl: t.upstream.baseUrl.replace(/\/v1$/, ""),
      apiKey: "azure-key",
    });
    await admin("PUT", `/tenants/${t.tenant}/workflows/azure`, { targets: [{ provider: "azure", model: "prompt-filter+words-3" }] });
    const { data: stream, response } = await t.client().chat.completions.create({ model: "azure", messages, stream: true }).withResponse();
    const chunks = [];
    // A naive client, as many are: it indexes the first choice of every chunk.
    let text = "";
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += (chunk.choices[0] as NonNullable<(typeof chunk.choices)[0]>).delta.content ?? "";
    }
    expect(text).toBe("alpha bravo charlie");
    expect(chunks.filter((c) => c.choices.length === 0)).toEqual([]);
    // The upstream was asked for usage, and the log still saw every event, hidden ones included.
    expect(t.upstream.callsFor("prompt-filter+words-3").at(-1)?.body.stream_options).toEqual({ include_usage: true });
    const log = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(log.chunks.some((c: { data: string }) => c.data.includes("prompt_filter_results"))).toBe(true);
    expect(log.usage).toMatchObject({ completionTokens: 3, estimated: false });
  });

  it("a client that asked for usage gets exactly one empty-choices chunk: the usage chunk, last", async () => {
    const name = await t.workflow("filtered-usage", "prompt-filter+words-2");
    const stream = await t
      .client()
      .chat.completions.create({ model: name, messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const empty = chunks.filter((c) => c.choices.length === 0);
    expect(empty).toHaveLength(1);
    expect(empty[0]?.usage).toMatchObject({ completion_tokens: 2 });
    expect(chunks.at(-1)).toBe(empty[0]);
  });

  it("raw SSE: no data event without choices reaches a client that did not ask for usage", async () => {
    const name = await t.workflow("filtered-raw", "prompt-filter+words-2");
    const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: name, messages, stream: true }),
    });
    const events = (await res.text())
      .split("\n\n")
      .filter((frame) => frame.startsWith("data: ") && frame !== "data: [DONE]")
      .map((frame) => JSON.parse(frame.slice("data: ".length)));
    expect(events.length).toBeGreaterThan(2);
    for (const event of events) expect(event.choices.length, JSON.stringify(event)).toBeGreaterThan(0);
  });
});
