import { describe, expect, it } from "vitest";
import { validateWith } from "../../http/validate.ts";
import { generateContentSchema } from "./gemini-schema.ts";
import { geminiToChat } from "./gemini-to-chat.ts";

const translate = (body: unknown, stream = false) => geminiToChat("weather", stream, validateWith(generateContentSchema, body));

describe("Gemini request → chat", () => {
  it("system instruction, turns, a function call round trip, tools and tool config", () => {
    const { chat, dropped } = translate({
      systemInstruction: { parts: [{ text: "You are a weather bot." }] },
      contents: [
        { role: "user", parts: [{ text: "Weather in Paris?" }] },
        { role: "model", parts: [{ functionCall: { name: "get_weather", args: { location: "Paris" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { temperature: 21 } } }, { text: "And tomorrow?" }] },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: "get_weather",
              description: "Weather now",
              parameters: { type: "OBJECT", properties: { location: { type: "STRING", nullable: true } }, required: ["location"] },
            },
          ],
        },
        { googleSearch: {} },
      ],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } },
    });
    expect(chat.messages).toEqual([
      { role: "system", content: "You are a weather bot." },
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_0_get_weather", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } }],
      },
      // The response answers the open call of its name; chat wants it before the user's text.
      { role: "tool", tool_call_id: "call_0_get_weather", content: '{"temperature":21}' },
      { role: "user", content: "And tomorrow?" },
    ]);
    expect(chat.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Weather now",
          parameters: { type: "object", properties: { location: { type: ["string", "null"] } }, required: ["location"] },
        },
      },
    ]);
    expect(chat.tool_choice).toEqual({ type: "function", function: { name: "get_weather" } });
    expect(dropped).toEqual(["tools.googleSearch"]);
  });

  it("generation config: sampling, stop sequences, JSON output with a schema; what has no counterpart is named", () => {
    const { chat, dropped } = translate(
      {
        contents: [{ parts: [{ text: "List colours" }] }],
        generationConfig: {
          temperature: 0.2,
          topP: 0.9,
          topK: 40,
          maxOutputTokens: 100,
          stopSequences: ["END"],
          responseMimeType: "application/json",
          responseSchema: { type: "ARRAY", items: { type: "STRING" } },
          thinkingConfig: { thinkingBudget: 0 },
        },
        safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
      },
      true,
    );
    expect(chat).toMatchObject({
      model: "weather",
      stream: true,
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
      stop: ["END"],
      response_format: { type: "json_schema", json_schema: { name: "response", schema: { type: "array", items: { type: "string" } } } },
    });
    expect(dropped).toEqual(["generationConfig.thinkingConfig", "generationConfig.topK", "safetySettings"]);
  });

  it("a JSON MIME type without a schema is a JSON object; a JSON Schema is taken as is", () => {
    expect(
      translate({ contents: [{ parts: [{ text: "x" }] }], generationConfig: { responseMimeType: "application/json" } }).chat
        .response_format,
    ).toEqual({
      type: "json_object",
    });
    const schema = { type: "object", properties: { a: { type: "integer" } } };
    expect(
      translate({ contents: [{ parts: [{ text: "x" }] }], generationConfig: { responseJsonSchema: schema } }).chat.response_format,
    ).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema },
    });
  });

  it("images inline or by URI; thoughts and other media are dropped by name; call ids are kept when sent", () => {
    const { chat, dropped } = translate({
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is this?" },
            { inlineData: { mimeType: "image/png", data: "AAAA" } },
            { inlineData: { mimeType: "audio/wav", data: "BB" } },
          ],
        },
        { role: "model", parts: [{ text: "hmm", thought: true }, { functionCall: { id: "fc-1", name: "zoom", args: {} } }] },
        { role: "user", parts: [{ functionResponse: { id: "fc-1", name: "zoom", response: { ok: true } } }] },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
        ],
      },
      { role: "assistant", content: null, tool_calls: [{ id: "fc-1", type: "function", function: { name: "zoom", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "fc-1", content: '{"ok":true}' },
    ]);
    expect(dropped).toEqual(["parts.inlineData", "parts.thought"]);
  });

  it("a body without contents is a 400 naming the field", () => {
    expect(() => translate({ contents: [] })).toThrow(/contents/);
    expect(() => translate({ contents: [{ parts: [{ text: 3 }] }] })).toThrow(/contents\[0\]\.parts\[0\]\.text/);
  });
});
