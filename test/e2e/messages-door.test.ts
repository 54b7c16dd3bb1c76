import Anthropic from "@anthropic-ai/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const anthropic = (apiKey: string = t.key) => new Anthropic({ baseURL: gatewayUrl(), apiKey, maxRetries: 0, timeout: 20_000 });

const weatherTool = {
  name: "get_weather",
  description: "The weather somewhere",
  input_schema: { type: "object" as const, properties: { location: { type: "string" } } },
};

beforeAll(async () => {
  // Primary fails 503 (retried once, then failover); the backup answers.
  await t.workflow("msg-failover", "status-503", "echo");
  await t.workflow("msg-tool", "status-503", "tool");
  await t.workflow("msg-die", "die-after-3");
});

describe("POST /v1/messages with the Anthropic SDK", () => {
  it("messages.create: the backup's answer as an Anthropic message, after the primary's 503s", async () => {
    const { data: message, response } = await anthropic()
      .messages.create({
        model: "msg-failover",
        max_tokens: 100,
        system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
        messages: [{ role: "user", content: "hello there" }],
        thinking: { type: "adaptive" } as never,
        metadata: { user_id: "user-42" },
      })
      .withResponse();
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "Echo: hello there" }],
      stop_reason: "end_turn",
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-gateway-provider")).toBe("backup");
    expect(response.headers.get("x-gateway-attempts")).toBe("3");
    // What the upstream got is a chat request: system first, user id as `user`, no Anthropic-only fields.
    const sent = t.upstream.callsFor("echo").at(-1)?.body;
    expect(sent?.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "hello there" },
    ]);
    expect(sent).toMatchObject({ user: "user-42", max_tokens: 100 });
    expect(sent).not.toHaveProperty("thinking");
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.attempts.at(-1)).toMatchObject({ decision: "commit", droppedParams: ["cache_control", "thinking"] });
  });

  it("messages.stream: text events, then the final message", async () => {
    const stream = anthropic().messages.stream({
      model: "msg-failover",
      max_tokens: 100,
      messages: [{ role: "user", content: "stream me" }],
    });
    let text = "";
    stream.on("text", (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expect(text).toBe("Echo: stream me");
    expect(final.content).toMatchObject([{ type: "text", text: "Echo: stream me" }]);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it("a tool call round trip, streamed and not: tool_use out, tool_result back in as a tool message", async () => {
    const ask = { model: "msg-tool", max_tokens: 100, tools: [weatherTool], messages: [{ role: "user" as const, content: "Paris" }] };
    const called = await anthropic().messages.create(ask);
    expect(called.stop_reason).toBe("tool_use");
    const toolUse = called.content.find((block) => block.type === "tool_use");
    expect(toolUse).toMatchObject({ type: "tool_use", name: "get_weather", input: { input: "Paris" } });

    const streamed = await anthropic().messages.stream(ask).finalMessage();
    expect(streamed.stop_reason).toBe("tool_use");
    expect(streamed.content.find((block) => block.type === "tool_use")).toMatchObject({ name: "get_weather", input: { input: "Paris" } });

    const answer = await anthropic().messages.create({
      model: "msg-failover",
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        ...ask.messages,
        { role: "assistant", content: called.content },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: toolUse?.type === "tool_use" ? toolUse.id : "", content: "sunny" },
            { type: "text", text: "and now?" },
          ],
        },
      ],
    });
    expect(answer.content).toEqual([{ type: "text", text: "Echo: and now?" }]);
    const sent = t.upstream.callsFor("echo").at(-1)?.body;
    expect(sent?.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: (toolUse as { id: string }).id, type: "function", function: { name: "get_weather", arguments: '{"input":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: (toolUse as { id: string }).id, content: "sunny" },
      { role: "user", content: "and now?" },
    ]);
  });

  it("a failure after the first content event raises in the SDK (Anthropic's error event), nothing stitched", async () => {
    const stream = anthropic().messages.stream({
      model: "msg-die",
      max_tokens: 100,
      messages: [{ role: "user", content: "one two three four five six" }],
    });
    let text = "";
    stream.on("text", (delta) => {
      text += delta;
    });
    const error = await stream.finalMessage().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "overloaded_error" },
    });
    expect(text).toBe("Echo: one two ");
  });

  it("errors before the stream have Anthropic's shape: 401 bad key, 404 unknown model, 400 bad body", async () => {
    const unauthorized = await anthropic("sk-gw-wrong")
      .messages.create({ model: "msg-failover", max_tokens: 5, messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((unauthorized as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "authentication_error" },
    });

    const unknown = await anthropic()
      .messages.create({ model: "no-such-workflow", max_tokens: 5, messages: [{ role: "user", content: "x" }], stream: true })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "not_found_error", message: expect.stringContaining("no-such-workflow") },
    });

    const bad = await fetch(`${gatewayUrl()}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ model: "msg-failover", messages: [] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });

    // Middleware errors too: the body limit (413) and a missing key (401).
    const huge = await fetch(`${gatewayUrl()}/v1/messages?beta=true`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ model: "msg-failover", messages: [{ role: "user", content: "x".repeat(5 * 1024 * 1024) }] }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ type: "error", error: { type: "request_too_large" } });
    const keyless = await fetch(`${gatewayUrl()}/v1/messages`, { method: "POST", body: "{}" });
    expect(keyless.status).toBe(401);
    expect(await keyless.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("count_tokens answers an estimate; HEAD / answers 200", async () => {
    const counted = await anthropic().messages.countTokens({
      model: "msg-failover",
      messages: [{ role: "user", content: "how many tokens is this sentence, roughly?" }],
    });
    expect(counted.input_tokens).toBeGreaterThan(5);
    expect((await fetch(gatewayUrl(), { method: "HEAD" })).status).toBe(200);
  });
});
