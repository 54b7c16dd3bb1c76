import { createOpenAI } from "@ai-sdk/openai";
import { Agent, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from "@openai/agents";
import { generateText, streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { toolThenEcho } from "../support/tool-then-echo.ts";
import { admin, gatewayUrl, useTenant } from "./harness.ts";

const t = useTenant();
let tools: LoopbackUpstream;

beforeAll(async () => {
  tools = await startLoopbackUpstream(toolThenEcho);
  await admin("PUT", `/tenants/${t.tenant}/providers/tools`, { type: "openai-compatible", baseUrl: tools.baseUrl, apiKey: "sk-tools" });
  await admin("PUT", `/tenants/${t.tenant}/workflows/agent`, { targets: [{ provider: "tools", model: "tool" }] });
});
afterAll(async () => {
  await tools?.close();
});

describe("/v1/responses through the Vercel AI SDK (@ai-sdk/openai responses model)", () => {
  const model = (name: string) => createOpenAI({ baseURL: `${gatewayUrl()}/v1`, apiKey: t.key }).responses(name);

  it("generateText", async () => {
    const name = await t.workflow("ai-generate", "echo");
    const result = await generateText({ model: model(name), prompt: "hello vercel", maxRetries: 0 });
    expect(result.text).toBe("Echo: hello vercel");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBe(2);
    expect(result.response.id).toMatch(/^resp_/);
  });

  it("streamText, with a failover before output", async () => {
    const name = await t.workflow("ai-stream", "status-503", "echo");
    const result = streamText({ model: model(name), prompt: "stream vercel", maxRetries: 0 });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Echo: stream vercel");
    expect(await result.finishReason).toBe("stop");
  });

  it("a later turn sends the earlier answer as an item_reference; the upstream receives its text", async () => {
    const name = await t.workflow("ai-turns", "echo");
    const sent: Array<{ input: Array<{ type?: string }> }> = [];
    const recording = createOpenAI({
      baseURL: `${gatewayUrl()}/v1`,
      apiKey: t.key,
      fetch: async (url, init) => {
        sent.push(JSON.parse(String(init?.body)));
        return fetch(url, init);
      },
    });
    const first = await generateText({ model: recording.responses(name), prompt: "first turn", maxRetries: 0 });
    const messages = [
      { role: "user" as const, content: "first turn" },
      ...first.response.messages,
      { role: "user" as const, content: "second turn" },
    ];
    const second = await generateText({ model: recording.responses(name), messages, maxRetries: 0 });
    expect(second.text).toBe("Echo: second turn");
    expect(sent[1]?.input.map((item) => item.type)).toContain("item_reference");
    expect(t.upstream.callsFor("echo").at(-1)?.body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "first turn" }] },
      { role: "assistant", content: "Echo: first turn" },
      { role: "user", content: [{ type: "text", text: "second turn" }] },
    ]);
  });
});

describe("/v1/responses through the OpenAI Agents SDK", () => {
  beforeAll(() => {
    setTracingDisabled(true);
    setOpenAIAPI("responses");
    // The Agents SDK pins its own copy of `openai`; any client with the same surface works, so the cast only bridges the two copies' types.
    setDefaultOpenAIClient(new OpenAI({ baseURL: `${gatewayUrl()}/v1`, apiKey: t.key, maxRetries: 0 }) as never);
  });

  const weather = tool({
    name: "get_weather",
    description: "The weather for a place.",
    parameters: z.object({ input: z.string() }),
    execute: async ({ input }) => `sunny in ${input}`,
  });
  const agent = () => new Agent({ name: "weather", instructions: "Answer with the weather.", model: "agent", tools: [weather] });

  it.each([false, true])("an agent with a function tool runs to its final output (stream: %s)", async (stream) => {
    const before = tools.calls.length;
    let finalOutput: unknown;
    if (stream) {
      const result = await run(agent(), "weather in Paris", { stream: true });
      for await (const _ of result.toStream()) {
        // drained: the run advances as its events are read
      }
      await result.completed;
      finalOutput = result.finalOutput;
    } else {
      finalOutput = (await run(agent(), "weather in Paris")).finalOutput;
    }
    expect(finalOutput).toBe("Echo: weather in Paris");
    const [first, second] = tools.calls.slice(before);
    expect(first?.body.messages[0]).toEqual({ role: "system", content: "Answer with the weather." });
    expect(second?.body.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_faux_1", content: "sunny in weather in Paris" });
  });
});
