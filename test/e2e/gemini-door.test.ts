import { ApiError, GoogleGenAI, Type } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { toolThenEcho } from "../support/tool-then-echo.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
/** Google's SDK, unchanged apart from its key and base URL. */
const genai = (apiKey: string = t.key) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: gatewayUrl() } });
let tools: LoopbackUpstream;

const weather = {
  functionDeclarations: [
    { name: "get_weather", description: "Weather now", parameters: { type: Type.OBJECT, properties: { location: { type: Type.STRING } } } },
  ],
};

beforeAll(async () => {
  tools = await startLoopbackUpstream(toolThenEcho);
  await admin("PUT", `/tenants/${t.tenant}/providers/tools`, { type: "openai-compatible", baseUrl: tools.baseUrl, apiKey: "sk-tools" });
  // Primary fails 503 (retried once, then failover); the backup answers.
  await t.workflow("gm-failover", "status-503", "echo");
  await t.workflow("gm-die", "die-after-3");
  await admin("PUT", `/tenants/${t.tenant}/workflows/gm-tool`, { targets: [{ provider: "tools", model: "tool" }] });
});
afterAll(() => tools?.close());

/** The error the SDK raised, or null. */
async function raised(run: () => Promise<unknown>): Promise<ApiError | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

describe("Gemini's generateContent with @google/genai", () => {
  it("generateContent: the backup's answer as a Gemini response, after the primary's 503s", async () => {
    const response = await genai().models.generateContent({
      model: "gm-failover",
      contents: "hello there",
      config: {
        systemInstruction: "Be brief.",
        temperature: 0.3,
        topK: 20,
        maxOutputTokens: 100,
        safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT" as never, threshold: "BLOCK_NONE" as never }],
      },
    });
    expect(response.text).toBe("Echo: hello there");
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
    expect(response.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    expect(response.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
    const sent = t.upstream.callsFor("echo").at(-1)?.body;
    expect(sent?.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "hello there" },
    ]);
    expect(sent).toMatchObject({ temperature: 0.3, max_tokens: 100 });
    // What chat cannot carry is named on the attempt, never refused (safetySettings: README "Gemini API").
    const record = await logRecord(t.tenant, response.sdkHttpResponse?.headers?.["x-request-id"] ?? null);
    expect(record.attempts.at(-1)).toMatchObject({ decision: "commit", droppedParams: ["generationConfig.topK", "safetySettings"] });
  });

  it("generateContentStream: text as it comes; the record names the workflow and the serving target", async () => {
    const stream = await genai().models.generateContentStream({ model: "gm-failover", contents: "stream me" });
    let text = "";
    let finish: string | undefined;
    for await (const chunk of stream) {
      text += chunk.text ?? "";
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
    }
    expect(text).toBe("Echo: stream me");
    expect(finish).toBe("STOP");
  });

  it("a function call round trip: the call comes back whole, its response answers it", async () => {
    const ai = genai();
    const question = { role: "user", parts: [{ text: "Weather in Paris?" }] };
    const first = await ai.models.generateContent({ model: "gm-tool", contents: [question], config: { tools: [weather] } });
    const call = first.functionCalls?.[0];
    expect(call?.name).toBe("get_weather");
    expect(first.candidates?.[0]?.content?.parts?.some((part) => part.functionCall)).toBe(true);
    const second = await ai.models.generateContent({
      model: "gm-tool",
      contents: [
        question,
        { role: "model", parts: [{ functionCall: call }] },
        { role: "user", parts: [{ functionResponse: { id: call?.id, name: "get_weather", response: { temperature: 21 } } }] },
      ],
      config: { tools: [weather] },
    });
    expect(second.text).toBe("Echo: Weather in Paris?");
    // The upstream got the call and its result paired by id, in chat's shape.
    const messages = tools.calls.at(-1)?.body.messages;
    expect(messages.at(-2).tool_calls[0]).toMatchObject({ function: { name: "get_weather" } });
    expect(messages.at(-1)).toEqual({ role: "tool", tool_call_id: messages.at(-2).tool_calls[0].id, content: '{"temperature":21}' });
  });

  it("a failure after the first content ends the stream with Google's error, which the SDK raises mid-iteration", async () => {
    const stream = await genai().models.generateContentStream({ model: "gm-die", contents: "one two three four five" });
    let text = "";
    const error = await raised(async () => {
      for await (const chunk of stream) text += chunk.text ?? "";
    });
    expect(text.length).toBeGreaterThan(0);
    expect(error?.status).toBe(503);
    expect(error?.message).toContain("UNAVAILABLE");
  });

  it("a bad key is a 401 in Google's error shape", async () => {
    const error = await raised(() => genai("not-a-key").models.generateContent({ model: "gm-failover", contents: "hi" }));
    expect(error?.status).toBe(401);
    expect(JSON.parse(error?.message ?? "")).toEqual({ error: { code: 401, message: "Invalid API key.", status: "UNAUTHENTICATED" } });
  });

  it("an unknown workflow is a 404 NOT_FOUND", async () => {
    const error = await raised(() => genai().models.generateContent({ model: "no-such-workflow", contents: "hi" }));
    expect(error?.status).toBe(404);
    expect(JSON.parse(error?.message ?? "").error).toMatchObject({ code: 404, status: "NOT_FOUND" });
  });

  it("bad input is a 400 INVALID_ARGUMENT naming the field", async () => {
    const response = await fetch(`${gatewayUrl()}/v1beta/models/gm-failover:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ parts: [{ text: 42 }] }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe("INVALID_ARGUMENT");
    expect(body.error.message).toContain("contents[0].parts[0].text");
  });

  it("models.list names the workflows; countTokens estimates", async () => {
    const names: string[] = [];
    for await (const model of await genai().models.list()) names.push(model.name ?? "");
    expect(names).toContain("models/gm-failover");
    const counted = await genai().models.countTokens({ model: "gm-failover", contents: "a few words to count" });
    expect(counted.totalTokens).toBeGreaterThan(0);
  });

  it("a key in the URL (`?key=`) authenticates and is in no record", async () => {
    const response = await fetch(`${gatewayUrl()}/v1beta/models/gm-failover:generateContent?key=${t.key}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ parts: [{ text: "url key" }] }] }),
    });
    expect(response.status).toBe(200);
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.path).toBe("/v1beta/models/gm-failover:generateContent");
    expect(JSON.stringify(record)).not.toContain(t.key);
  });
});
