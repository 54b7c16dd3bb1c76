import OpenAI from "openai";
import type { ResponseCreateParamsStreaming, ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { toolThenEcho } from "../support/tool-then-echo.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();

/** Every event of a streamed response, in order. */
async function events(params: Omit<ResponseCreateParamsStreaming, "stream">): Promise<ResponseStreamEvent[]> {
  const stream = await t.client().responses.create({ ...params, stream: true });
  const seen: ResponseStreamEvent[] = [];
  for await (const event of stream) seen.push(event);
  return seen;
}

const deltas = (seen: ResponseStreamEvent[]) => seen.map((e) => (e.type === "response.output_text.delta" ? e.delta : "")).join("");

describe("/v1/responses through the official openai SDK", () => {
  it("string input: a Response whose text is the upstream's, sent upstream as one user message", async () => {
    const model = await t.workflow("plain", "echo");
    const { data, response } = await t.client().responses.create({ model, input: "hello responses" }).withResponse();
    expect(data.id).toMatch(/^resp_[0-9a-z]{26}$/);
    expect(data.object).toBe("response");
    expect(data.status).toBe("completed");
    expect(data.output_text).toBe("Echo: hello responses");
    expect(data.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed" });
    expect(data.usage).toMatchObject({ input_tokens: 2, output_tokens: 3, total_tokens: 5 });
    expect(data.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(response.headers.get("x-request-id")).toBe(`req_${data.id.slice(5)}`);
    expect(t.upstream.callsFor("echo").at(-1)?.body.messages).toEqual([{ role: "user", content: "hello responses" }]);
  });

  it("items input with instructions: instructions first, turns in order", async () => {
    const model = await t.workflow("items", "echo");
    const data = await t.client().responses.create({
      model,
      instructions: "Be brief.",
      input: [
        { role: "user", content: [{ type: "input_text", text: "first" }] },
        { role: "assistant", content: "an earlier answer" },
        { type: "message", role: "user", content: "second" },
      ],
    });
    expect(data.output_text).toBe("Echo: second");
    expect(data.instructions).toBe("Be brief.");
    expect(t.upstream.callsFor("echo").at(-1)?.body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "first" }] },
      { role: "assistant", content: "an earlier answer" },
      { role: "user", content: "second" },
    ]);
  });

  it("stream: typed events in order, sequence numbers 0, 1, 2, …, text equal to the upstream's", async () => {
    const model = await t.workflow("streamed", "echo");
    const seen = await events({ model, input: "one two three" });
    expect(seen.map((e) => e.sequence_number)).toEqual(seen.map((_, i) => i));
    expect(seen.map((e) => e.type).filter((type, i, all) => type !== all[i - 1])).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(deltas(seen)).toBe("Echo: one two three");
    const done = seen.find((e) => e.type === "response.output_text.done");
    expect(done?.type === "response.output_text.done" && done.text).toBe("Echo: one two three");
    const completed = seen.at(-1);
    expect(completed?.type === "response.completed" && completed.response.output_text).toBeFalsy(); // the SDK adds output_text only to finalResponse
    expect(completed?.type === "response.completed" && completed.response.usage?.output_tokens).toBe(4);
  });

  it("responses.stream(): the SDK's accumulator rebuilds the final response", async () => {
    const model = await t.workflow("helper", "echo");
    const stream = t.client().responses.stream({ model, input: "accumulate me" });
    let text = "";
    stream.on("response.output_text.delta", (event) => {
      text += event.delta;
    });
    const final = await stream.finalResponse();
    expect(text).toBe("Echo: accumulate me");
    expect(final.output_text).toBe("Echo: accumulate me");
    expect(final.status).toBe("completed");
  });

  it.each([false, true])("a primary answering 503 before output fails over (stream: %s)", async (stream) => {
    const model = await t.workflow(`failover-${stream}`, "status-503", "echo");
    if (!stream) {
      const { data, response } = await t.client().responses.create({ model, input: "fail over" }).withResponse();
      expect(data.output_text).toBe("Echo: fail over");
      expect(response.headers.get("x-gateway-provider")).toBe("backup");
      return;
    }
    const seen = await events({ model, input: "fail over" });
    expect(deltas(seen)).toBe("Echo: fail over");
    expect(seen.at(-1)?.type).toBe("response.completed");
  });

  it("a failure after partial output ends with response.failed, and no second model's text", async () => {
    const model = await t.workflow("interrupted", "die-after-3", "words-4");
    const seen = await events({ model, input: "a b c d e f" });
    expect(deltas(seen)).toBe("Echo: a b ");
    const last = seen.at(-1);
    expect(last?.type).toBe("response.failed");
    if (last?.type !== "response.failed") return;
    expect(last.response.status).toBe("failed");
    expect(last.response.error?.code).toBe("stream_interrupted");
    expect(seen.filter((e) => e.type === "response.completed")).toHaveLength(0);
    expect(t.upstream.callsFor("words-4")).toHaveLength(0);
  });

  it("function tool round trip: arguments streamed, then function_call_output answered", async () => {
    const tools = await startLoopbackUpstream(toolThenEcho);
    try {
      await admin("PUT", `/tenants/${t.tenant}/providers/tools`, { type: "openai-compatible", baseUrl: tools.baseUrl, apiKey: "sk-tools" });
      await admin("PUT", `/tenants/${t.tenant}/workflows/tooling`, { targets: [{ provider: "tools", model: "tool" }] });
      const tool = {
        type: "function" as const,
        name: "get_weather",
        description: "Weather",
        parameters: { type: "object", properties: { input: { type: "string" } } },
        strict: false,
      };
      const input = [{ role: "user" as const, content: "weather in Paris" }];
      const seen = await events({ model: "tooling", input, tools: [tool] });
      const argDeltas = seen.filter((e) => e.type === "response.function_call_arguments.delta");
      expect(argDeltas.length).toBeGreaterThan(1);
      const argsDone = seen.find((e) => e.type === "response.function_call_arguments.done");
      expect(argsDone?.type === "response.function_call_arguments.done" && argsDone.arguments).toBe('{"input":"weather in Paris"}');
      const completed = seen.at(-1);
      if (completed?.type !== "response.completed") throw new Error(`ended with ${completed?.type}`);
      const call = completed.response.output[0];
      expect(call).toMatchObject({
        type: "function_call",
        name: "get_weather",
        call_id: "call_faux_1",
        arguments: '{"input":"weather in Paris"}',
      });
      expect(tools.calls[0]?.body.tools).toEqual([
        { type: "function", function: { name: "get_weather", description: "Weather", parameters: tool.parameters, strict: false } },
      ]);

      const answer = await t.client().responses.create({
        model: "tooling",
        tools: [tool],
        input: [
          ...input,
          ...(completed.response.output as never[]),
          { type: "function_call_output", call_id: "call_faux_1", output: "sunny" },
        ],
      });
      expect(answer.output_text).toBe("Echo: weather in Paris");
      expect(tools.calls[1]?.body.messages.slice(1)).toEqual([
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_faux_1", type: "function", function: { name: "get_weather", arguments: '{"input":"weather in Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_faux_1", content: "sunny" },
      ]);
    } finally {
      await tools.close();
    }
  });

  it("text.format json_schema is the workflow's contract: a violating primary fails over", async () => {
    const schema = { type: "object", properties: { echo: { type: "string" } }, required: ["echo"], additionalProperties: false };
    const model = await t.workflow("schema", "json-bad", "json", { contract: { enforceClientSchema: true } });
    const data = await t
      .client()
      .responses.create({ model, input: "hi", text: { format: { type: "json_schema", name: "reply", schema, strict: true } } });
    expect(JSON.parse(data.output_text)).toEqual({ echo: "hi" });
    expect(data.output[0]).toMatchObject({ type: "message" });
    expect(t.upstream.callsFor("json").at(-1)?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "reply", schema, strict: true },
    });
    expect(t.upstream.callsFor("json-bad").length).toBeGreaterThan(0);
  });

  it("retrieve, inputItems.list and delete a stored response; another tenant's key gets 404", async () => {
    const model = await t.workflow("stored", "echo");
    const created = await t.client().responses.create({
      model,
      input: [
        { role: "user", content: "keep" },
        { role: "user", content: "me" },
      ],
      metadata: { app: "e2e" },
    });
    const retrieved = await t.client().responses.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, status: "completed", metadata: { app: "e2e" }, store: true });
    expect(retrieved.output).toEqual(created.output);

    const items = [];
    for await (const item of t.client().responses.inputItems.list(created.id, { order: "asc", limit: 1 })) items.push(item);
    expect(items.map((item) => (item as { content: Array<{ text: string }> }).content[0]?.text)).toEqual(["keep", "me"]);
    const page = await t.client().responses.inputItems.list(created.id);
    expect(page.data.map((item) => (item as { content: Array<{ text: string }> }).content[0]?.text)).toEqual(["me", "keep"]);

    const stranger = await admin("PUT", "/tenants/e2e-stranger", {}).then(() => admin("POST", "/tenants/e2e-stranger/keys", { name: "s" }));
    const foreign = await t
      .client(stranger.key)
      .responses.retrieve(created.id)
      .catch((error) => error);
    expect(foreign).toBeInstanceOf(OpenAI.NotFoundError);

    const deleted = await t.client().responses.delete(created.id);
    expect(deleted).toEqual({ id: created.id, object: "response", deleted: true });
    expect(
      await t
        .client()
        .responses.retrieve(created.id)
        .catch((error) => error),
    ).toBeInstanceOf(OpenAI.NotFoundError);
    expect(
      await t
        .client()
        .responses.delete(created.id)
        .catch((error) => error),
    ).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("a cached answer is replayed as a Response and as events (x-gateway-cache: HIT)", async () => {
    const model = await t.workflow("cached", "echo", undefined, { cache: { ttlSeconds: 60 } });
    const before = t.upstream.callsFor("echo").length;
    const first = await t.client().responses.create({ model, input: "cache me" });
    let hit = await t.client().responses.create({ model, input: "cache me" }).withResponse();
    for (let i = 0; i < 20 && hit.response.headers.get("x-gateway-cache") !== "HIT"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      hit = await t.client().responses.create({ model, input: "cache me" }).withResponse();
    }
    expect(hit.response.headers.get("x-gateway-cache")).toBe("HIT");
    expect(hit.data.output_text).toBe(first.output_text);
    expect(hit.data.id).not.toBe(first.id);
    const replayed = await events({ model, input: "cache me" });
    expect(deltas(replayed)).toBe("Echo: cache me");
    expect(replayed.at(-1)?.type).toBe("response.completed");
    expect(t.upstream.callsFor("echo").length - before).toBe(1);
  });

  it("store: false keeps nothing", async () => {
    const model = await t.workflow("unstored", "echo");
    const created = await t.client().responses.create({ model, input: "forget", store: false });
    expect((created as unknown as { store: boolean }).store).toBe(false);
    expect(
      await t
        .client()
        .responses.retrieve(created.id)
        .catch((error) => error),
    ).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("previous_response_id: the upstream receives the earlier turns, not the earlier instructions", async () => {
    const model = await t.workflow("chain", "echo");
    const first = await t.client().responses.create({ model, input: "my name is Ada", instructions: "old rules" });
    const second = await t.client().responses.create({ model, input: "what is my name?", previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    const third = await t
      .client()
      .responses.create({ model, input: "and again?", previous_response_id: second.id, instructions: "new rules" });
    expect(third.output_text).toBe("Echo: and again?");
    expect(t.upstream.callsFor("echo").at(-1)?.body.messages).toEqual([
      { role: "system", content: "new rules" },
      { role: "user", content: [{ type: "text", text: "my name is Ada" }] },
      { role: "assistant", content: "Echo: my name is Ada" },
      { role: "user", content: [{ type: "text", text: "what is my name?" }] },
      { role: "assistant", content: "Echo: what is my name?" },
      { role: "user", content: "and again?" },
    ]);
    const missing = await t
      .client()
      .responses.create({ model, input: "x", previous_response_id: "resp_00000000000000000000000000" })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.param).toBe("previous_response_id");
  });

  it("what a target cannot honour is a 400 naming the field", async () => {
    const model = await t.workflow("refusals", "echo", undefined, { hostedTools: "refuse" });
    const builtin = await t
      .client()
      .responses.create({ model, input: "x", tools: [{ type: "web_search" }] })
      .catch((e) => e);
    expect(builtin).toBeInstanceOf(OpenAI.BadRequestError);
    expect(builtin.param).toBe("tools[0].type");
    const unstoredBackground = await t
      .client()
      .responses.create({ model, input: "x", background: true, store: false })
      .catch((e) => e);
    expect(unstoredBackground).toBeInstanceOf(OpenAI.BadRequestError);
    expect(unstoredBackground.param).toBe("store");
    const unknown = await fetch(`${gatewayUrl()}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model, input: "x", conversation: "conv_1", stream: true }),
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.param).toBe("conversation");
    // The refused request's record shows what was sent.
    const refused = await logRecord(t.tenant, unknown.headers.get("x-request-id"));
    expect(refused).toMatchObject({ httpStatus: 400, stream: true, request: { model, input: "x", conversation: "conv_1", stream: true } });
  });
});
