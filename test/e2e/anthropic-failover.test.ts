import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAnthropicRequest } from "../support/anthropic-wire-server.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { admin, useTenant } from "./harness.ts";

const t = useTenant();
let anthropic: LoopbackUpstream;

beforeAll(async () => {
  anthropic = await startLoopbackUpstream(handleAnthropicRequest);
  await admin("PUT", `/tenants/${t.tenant}/providers/claude`, { type: "anthropic", baseUrl: anthropic.baseUrl, apiKey: "sk-ant-loopback" });
  await admin("PUT", `/tenants/${t.tenant}/workflows/cross-vendor`, {
    targets: [
      { provider: "primary", model: "status-503" },
      { provider: "claude", model: "claude-loopback" },
    ],
    retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
  });
});
afterAll(() => anthropic?.close());

const request = {
  model: "cross-vendor",
  messages: [
    { role: "system" as const, content: "You are a weather bot." },
    { role: "user" as const, content: "Weather in Paris?" },
  ],
  tools: [
    {
      type: "function" as const,
      function: { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" } } } },
    },
  ],
};

describe("cross-vendor failover: OpenAI-compatible primary fails, Anthropic-format backup serves", () => {
  it("streamed: the SDK gets the text, the tool call and usage, in OpenAI's shape", async () => {
    const { data: stream, response } = await t
      .client()
      .chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.headers.get("x-gateway-provider")).toBe("claude");
    expect(response.headers.get("x-gateway-attempts")).toBe("2");
    let text = "";
    const args: string[] = [];
    let toolName = "";
    let finish: string | null = null;
    let usage: any = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? "";
      for (const call of choice?.delta.tool_calls ?? []) {
        toolName ||= call.function?.name ?? "";
        args.push(call.function?.arguments ?? "");
      }
      finish = choice?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe("Checking the weather for you.");
    expect(toolName).toBe("get_weather");
    expect(JSON.parse(args.join(""))).toEqual({ location: "Paris", unit: "celsius" });
    expect(finish).toBe("tool_calls");
    expect(usage).toMatchObject({ prompt_tokens: 25, completion_tokens: 9, total_tokens: 34, prompt_tokens_details: { cached_tokens: 5 } });
    // The backup was called in Anthropic's format, with its own credentials.
    const [call] = anthropic.calls;
    expect(call?.headers["x-api-key"]).toBe("sk-ant-loopback");
    expect(call?.body).toMatchObject({
      system: "You are a weather bot.",
      stream: true,
      tools: [{ name: "get_weather", input_schema: { type: "object" } }],
    });
    expect(call?.body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Weather in Paris?" }] }]);
  });

  it("non-streamed: the same answer as one completion", async () => {
    const completion = await t.client().chat.completions.create(request);
    const choice = completion.choices[0];
    expect(choice?.message.content).toBe("Checking the weather for you.");
    expect(choice?.message.tool_calls?.[0]).toMatchObject({ id: "toolu_loopback", type: "function", function: { name: "get_weather" } });
    const [toolCall] = (choice?.message.tool_calls ?? []) as Array<{ function: { arguments: string } }>;
    expect(JSON.parse(toolCall?.function.arguments ?? "")).toEqual({ location: "Paris", unit: "celsius" });
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(completion.usage).toMatchObject({ prompt_tokens: 25, completion_tokens: 9, total_tokens: 34 });
  });

  it.each(["overloaded", "overloaded-in-stream"])("Anthropic %s before any content fails over to the next target", async (model) => {
    await admin("PUT", `/tenants/${t.tenant}/workflows/claude-first`, {
      targets: [
        { provider: "claude", model },
        { provider: "backup", model: "words-3" },
      ],
      retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
    });
    const { data: stream, response } = await t
      .client()
      .chat.completions.create({ model: "claude-first", messages: request.messages, stream: true })
      .withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("alpha bravo charlie");
    expect(response.headers.get("x-gateway-provider")).toBe("backup");
    expect(response.headers.get("x-gateway-attempts")).toBe("2");
  });

  it("the models list names the Anthropic provider's own models as direct routes", async () => {
    const ids = (await t.client().models.list()).data.map((m) => m.id);
    expect(ids).toContain("claude/claude-loopback");
    expect(ids).toContain("cross-vendor");
  });

  it("a parameter Anthropic cannot honour is dropped and named in x-gateway-dropped-params", async () => {
    const { response } = await t
      .client()
      .chat.completions.create({ ...request, seed: 7, frequency_penalty: 0.2 })
      .withResponse();
    expect(response.headers.get("x-gateway-dropped-params")).toBe("frequency_penalty, seed");
  });
});

describe("the Responses API over the same cross-vendor workflow", () => {
  const tools = [
    {
      type: "function" as const,
      name: "get_weather",
      parameters: { type: "object", properties: { location: { type: "string" } } },
      strict: false,
    },
  ];

  it("non-streamed: the Anthropic backup's text and tool call come back as Responses output items", async () => {
    const before = anthropic.calls.length;
    const response = await t.client().responses.create({
      model: "cross-vendor",
      instructions: "You are a weather bot.",
      input: "Weather in Paris?",
      tools,
    });
    expect(response).toMatchObject({ object: "response", status: "completed" });
    expect(response.output_text).toBe("Checking the weather for you.");
    const call = response.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather" });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ location: "Paris", unit: "celsius" });
    expect(response.usage).toMatchObject({ input_tokens: 25, output_tokens: 9 });
    // The backup was called in Anthropic's own format.
    expect(anthropic.calls[before]?.body).toMatchObject({ system: "You are a weather bot.", tools: [{ name: "get_weather" }] });
  });

  it("streamed: typed events in order, ending with response.completed, with the backup's text", async () => {
    const stream = await t.client().responses.create({ model: "cross-vendor", input: "Weather in Paris?", stream: true });
    const types: string[] = [];
    let text = "";
    let sequence = -1;
    for await (const event of stream) {
      types.push(event.type);
      expect(event.sequence_number).toBe(sequence + 1);
      sequence = event.sequence_number;
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(text).toBe("Checking the weather for you.");
  });
});
