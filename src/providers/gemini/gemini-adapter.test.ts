import { describe, expect, it } from "vitest";
import { everyCut, foldTranslated } from "../../../test/support/translated-stream.ts";
import cutOff from "./__fixtures__/cut-off.chunks.txt?raw";
import promptBlocked from "./__fixtures__/prompt-blocked.chunks.txt?raw";
import textAndTool from "./__fixtures__/text-and-tool.chunks.txt?raw";
import { geminiAdapter } from "./gemini-adapter.ts";

/** Records the request the adapter sends. */
function recording() {
  const sent: Request[] = [];
  const adapter = geminiAdapter({
    apiKey: "gm-key",
    fetcher: async (request) => {
      sent.push(request);
      return new Response("{}");
    },
  });
  return { adapter, sent };
}

describe("gemini stream translation", () => {
  it("text (without thoughts) and a function call, finish reason and usage, whatever the byte boundaries", async () => {
    const { adapter } = recording();
    const whole = await foldTranslated(adapter, textAndTool);
    expect(whole.ended).toBe("done");
    const choice = whole.completion.choices[0];
    expect(choice?.message.content).toBe("Let me check 🌦️ the weather.");
    expect(choice?.message.tool_calls).toEqual([
      { id: "call_0_0", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris","unit":"celsius"}' } },
    ]);
    expect(choice?.finish_reason).toBe("tool_calls");
    // Thinking tokens are billed as output.
    expect(whole.completion.usage).toMatchObject({
      prompt_tokens: 31,
      completion_tokens: 25,
      total_tokens: 56,
      prompt_tokens_details: { cached_tokens: 10 },
    });
    for (const cuts of everyCut(textAndTool, 5))
      expect((await foldTranslated(adapter, textAndTool, cuts)).completion).toEqual({ ...whole.completion, created: expect.any(Number) });
  });

  it("each source event's own text rides on a chunk, once and in order, for a Gemini door passing the stream through", async () => {
    const { adapter } = recording();
    const { events } = await foldTranslated(adapter, textAndTool);
    const native = events.map((event) => (event.type === "chunk" ? (event.native ?? "") : "")).join("");
    // Google ends lines with CRLF; the events are re-framed with LF, byte for byte otherwise.
    expect(native).toBe(textAndTool.replaceAll("\r\n", "\n"));
  });

  it("a blocked prompt is one empty answer finished by content_filter", async () => {
    const folded = await foldTranslated(recording().adapter, promptBlocked);
    expect(folded.ended).toBe("done");
    expect(folded.completion.choices[0]).toMatchObject({ message: { content: "" }, finish_reason: "content_filter" });
  });

  it("a stream cut before its finish reason ends without [DONE], so the gateway reports it interrupted", async () => {
    const folded = await foldTranslated(recording().adapter, cutOff);
    expect(folded.ended).toBe("eof");
    expect(folded.completion.choices[0]?.message.content).toBe("Once upon");
  });

  it("non-streamed: candidates, safety finish reasons, usage", () => {
    const { adapter } = recording();
    const result = adapter.completion({
      candidates: [{ content: { parts: [{ text: "Hi" }] }, finishReason: "MAX_TOKENS", index: 0 }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1 },
    });
    expect(result).toMatchObject({
      ok: true,
      completion: { choices: [{ message: { content: "Hi" }, finish_reason: "length" }], usage: { total_tokens: 4 } },
    });
    const safety = adapter.completion({ candidates: [{ content: { parts: [] }, finishReason: "SAFETY" }] });
    expect(safety).toMatchObject({ ok: true, completion: { choices: [{ finish_reason: "content_filter" }] } });
  });
});

describe("gemini request mapping", () => {
  it("contents, system instruction, tools, tool results by name, generation config and JSON schema", async () => {
    const { adapter, sent } = recording();
    const translation = adapter.translateRequest(
      {
        model: "gemini-2.5-flash",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_9", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
          },
          { role: "tool", tool_call_id: "call_9", content: "sunny" },
        ],
        tools: [
          { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
        ],
        tool_choice: { type: "function", function: { name: "get_weather" } },
        max_tokens: 100,
        temperature: 0.3,
        stop: ["x"],
        n: 2,
        response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object" } } },
        logprobs: true,
      },
      true,
    );
    expect(translation.ok).toBe(true);
    if (!translation.ok) return;
    expect(translation.dropped).toEqual(["logprobs"]);
    expect(translation.body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "Weather?" }] },
        { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { content: "sunny" } } }] },
      ],
      systemInstruction: { parts: [{ text: "Be brief." }] },
      generationConfig: {
        maxOutputTokens: 100,
        temperature: 0.3,
        stopSequences: ["x"],
        candidateCount: 2,
        responseMimeType: "application/json",
        responseJsonSchema: { type: "object" },
      },
      tools: [
        {
          functionDeclarations: [
            { name: "get_weather", parametersJsonSchema: { type: "object", properties: { city: { type: "string" } } } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } },
    });
    await adapter.send({
      requestId: "r",
      body: translation.body,
      model: "gemini-2.5-flash",
      stream: true,
      signal: new AbortController().signal,
    });
    expect(sent[0]?.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(sent[0]?.headers.get("x-goog-api-key")).toBe("gm-key");
  });

  it("a native request's body goes without the `model` the attempt set: Gemini takes the model in the URL", async () => {
    const { adapter, sent } = recording();
    const body = { model: "gemini-2.5-pro", contents: [{ parts: [{ text: "Hi" }] }], safetySettings: [] };
    await adapter.send({ requestId: "r", body, model: "gemini-2.5-pro", stream: false, signal: new AbortController().signal });
    expect(sent[0]?.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent");
    expect(await sent[0]?.json()).toEqual({ contents: [{ parts: [{ text: "Hi" }] }], safetySettings: [] });
  });
});
