import { GoogleGenAI, Type } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ssePayloads } from "../../src/doors/gemini/stream-framing.ts";
import { handleAnthropicRequest } from "../support/anthropic-wire-server.ts";
import { geminiWire } from "../support/gemini-wire-server.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const genai = () => new GoogleGenAI({ apiKey: t.key, httpOptions: { baseUrl: gatewayUrl() } });
const wire = geminiWire();
let anthropic: LoopbackUpstream;
let gemini: LoopbackUpstream;
const once = { retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 } };

const weather = {
  functionDeclarations: [{ name: "get_weather", parameters: { type: Type.OBJECT, properties: { location: { type: Type.STRING } } } }],
};

beforeAll(async () => {
  anthropic = await startLoopbackUpstream(handleAnthropicRequest);
  gemini = await startLoopbackUpstream(wire.handle);
  await admin("PUT", `/tenants/${t.tenant}/providers/claude`, { type: "anthropic", baseUrl: anthropic.baseUrl, apiKey: "sk-ant-loopback" });
  await admin("PUT", `/tenants/${t.tenant}/providers/gem`, {
    type: "gemini",
    baseUrl: gemini.baseUrl.replace(/\/v1$/, "/v1beta"),
    apiKey: "gm-upstream",
  });
  const cross = [
    { provider: "primary", model: "status-503" },
    { provider: "claude", model: "claude-loopback" },
  ];
  await admin("PUT", `/tenants/${t.tenant}/workflows/gm-cross`, { targets: cross, ...once });
  await admin("PUT", `/tenants/${t.tenant}/workflows/gm-native`, { targets: [{ provider: "gem", model: "gemini-2.5-flash" }], ...once });
  const schema = { type: "object", properties: { echo: { type: "string" } }, required: ["echo"], additionalProperties: false };
  await t.workflow("gm-contract", "json-bad", "json", { responseSchema: schema });
  await t.workflow("gm-cached", "echo", undefined, { cache: { ttlSeconds: 300 } });
  const geminiFirst = [
    { provider: "gem", model: "unavailable" },
    { provider: "primary", model: "echo" },
  ];
  await admin("PUT", `/tenants/${t.tenant}/workflows/gm-native-down`, { targets: geminiFirst, ...once });
  await admin("PUT", `/tenants/${t.tenant}/workflows/gm-native-refuses`, { targets: [{ provider: "gem", model: "bad-request" }], ...once });
});
afterAll(async () => {
  await anthropic?.close();
  await gemini?.close();
});

describe("the Gemini door over other vendors and over Gemini itself", () => {
  it("generateContentStream fails over from an OpenAI-compatible primary to an Anthropic-format backup", async () => {
    const stream = await genai().models.generateContentStream({
      model: "gm-cross",
      contents: "Weather in Paris?",
      config: { systemInstruction: "You are a weather bot.", tools: [weather] },
    });
    let text = "";
    const calls: unknown[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.text ?? "";
      calls.push(...(chunk.functionCalls ?? []));
      usage = chunk.usageMetadata ?? usage;
    }
    expect(text).toBe("Checking the weather for you.");
    expect(calls).toEqual([{ id: "toolu_loopback", name: "get_weather", args: { location: "Paris", unit: "celsius" } }]);
    // Anthropic's cache reads are Gemini's cached content tokens.
    expect(usage).toMatchObject({ promptTokenCount: 25, candidatesTokenCount: 9, totalTokenCount: 34, cachedContentTokenCount: 5 });
    expect(anthropic.calls.at(-1)?.body).toMatchObject({ system: "You are a weather bot.", tools: [{ name: "get_weather" }] });
  });

  it("a Gemini target gets the client's body as sent (its model in the URL) and its events come back as sent", async () => {
    const stream = await genai().models.generateContentStream({
      model: "gm-native",
      contents: "Weather in Paris?",
      config: { tools: [weather], safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT" as never, threshold: "BLOCK_NONE" as never }] },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    // The thought part and the upstream's own usage pass through untouched.
    expect(chunks.map((chunk) => chunk.candidates?.[0]?.content?.parts?.[0]?.thought ?? false)).toEqual([false, true, false, false]);
    expect(chunks.at(-1)?.usageMetadata).toEqual({
      promptTokenCount: 31,
      candidatesTokenCount: 18,
      thoughtsTokenCount: 7,
      cachedContentTokenCount: 10,
      totalTokenCount: 56,
    });
    expect(wire.paths.at(-1)).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    const sent = gemini.calls.at(-1);
    expect(sent?.headers["x-goog-api-key"]).toBe("gm-upstream");
    // Exactly what the SDK sent (an empty generationConfig included), without a `model`.
    expect(sent?.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "Weather in Paris?" }] }],
      generationConfig: {},
      tools: [weather],
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
    });
  });

  it("a Gemini target's whole answer comes back as sent; the record prices its usage", async () => {
    const response = await fetch(`${gatewayUrl()}/v1beta/models/gm-native:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ parts: [{ text: "Hi" }] }] }),
    });
    expect(await response.json()).toMatchObject({
      responseId: "gem-1",
      candidates: [{ content: { parts: [{ text: "Hello from Gemini." }] } }],
    });
    expect(wire.paths.at(-1)).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record).toMatchObject({ workflow: "gm-native", outcome: "completed", servedBy: { provider: "gem" }, usage: { totalTokens: 8 } });
  });

  it("responseSchema JSON output under a workflow's contract: a violating primary fails over", async () => {
    const response = await genai().models.generateContent({
      model: "gm-contract",
      contents: "hi",
      config: { responseMimeType: "application/json", responseSchema: { type: Type.OBJECT, properties: { echo: { type: Type.STRING } } } },
    });
    expect(JSON.parse(response.text ?? "")).toEqual({ echo: "hi" });
    expect(t.upstream.callsFor("json").at(-1)?.body.response_format).toMatchObject({ type: "json_schema" });
  });

  it("without alt=sse the stream is one JSON array of responses", async () => {
    const response = await fetch(`${gatewayUrl()}/v1beta/models/gm-cross:streamGenerateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ parts: [{ text: "Weather?" }] }] }),
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    const responses = (await response.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text?: string }> } }> }>;
    const text = responses.map((r) => r.candidates[0]?.content.parts.map((p) => p.text ?? "").join("")).join("");
    expect(text).toBe("Checking the weather for you.");
  });

  it("the cache answers a repeated request in Gemini's shape, whole or streamed", async () => {
    const call = (action: string) =>
      fetch(`${gatewayUrl()}/v1beta/models/gm-cached:${action}`, {
        method: "POST",
        headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
        body: JSON.stringify({ contents: [{ parts: [{ text: "cache me" }] }] }),
      });
    const first = await call("generateContent");
    expect(first.headers.get("x-gateway-cache")).toBe("MISS");
    expect(await first.json()).toMatchObject({ candidates: [{ content: { parts: [{ text: "Echo: cache me" }] } }] });
    // The write lands just after the first answer: ask again until it is there (bounded).
    let again = await call("generateContent");
    for (let i = 0; i < 40 && again.headers.get("x-gateway-cache") !== "HIT"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await call("generateContent");
    }
    expect(again.headers.get("x-gateway-cache")).toBe("HIT");
    expect(await again.json()).toMatchObject({ candidates: [{ content: { parts: [{ text: "Echo: cache me" }] }, finishReason: "STOP" }] });
    const replay = await call("streamGenerateContent?alt=sse");
    expect(replay.headers.get("x-gateway-cache")).toBe("HIT");
    const text = ssePayloads(await replay.text())
      .map((payload) =>
        JSON.parse(payload)
          .candidates[0].content.parts.map((p: { text?: string }) => p.text ?? "")
          .join(""),
      )
      .join("");
    expect(text).toBe("Echo: cache me");
  });

  it("a Gemini target down before output fails over to a chat target, whose answer is translated", async () => {
    const stream = await genai().models.generateContentStream({ model: "gm-native-down", contents: "over to you" });
    let text = "";
    for await (const chunk of stream) text += chunk.text ?? "";
    expect(text).toBe("Echo: over to you");
    expect(wire.paths.at(-1)).toBe("/v1beta/models/unavailable:streamGenerateContent?alt=sse");
  });

  it("a Gemini target's refusal of the request comes back with its status and message, in Google's shape", async () => {
    const response = await fetch(`${gatewayUrl()}/v1beta/models/gm-native-refuses:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ parts: [{ text: "Hi" }] }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message: "contents: a part has no data.", status: "INVALID_ARGUMENT" } });
    // Without a part the gateway can send, the door says so in Gemini's terms, before any attempt.
    const empty = await fetch(`${gatewayUrl()}/v1beta/models/gm-native-refuses:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ parts: [{}] }] }),
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/^contents has no text/);
  });
});
