import type { RequestTranslation } from "../provider-adapter.ts";
import { appendTurn } from "../translate/alternating-turns.ts";
import {
  contentText,
  functionTools,
  namedToolChoice,
  type OpenAIMessage,
  type OpenAIResponseFormat,
  type OpenAIToolChoice,
  parseDataUrl,
  parseToolArguments,
  stopList,
  unmappedFields,
} from "../translate/openai-request.ts";

const MAPPED = new Set([
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "n",
  "presence_penalty",
  "frequency_penalty",
  "seed",
  "tools",
  "tool_choice",
  "response_format",
]);

type Part = Record<string, unknown>;
type Content = { role: "user" | "model"; parts: Part[] };

/** OpenAI messages → Gemini `contents` and `systemInstruction`; tool results become `functionResponse` parts. */
function mapMessages(messages: OpenAIMessage[]): { contents: Content[]; system: string } | { param: string; message: string } {
  const contents: Content[] = [];
  const system: string[] = [];
  // Gemini answers a function by name; OpenAI by call id.
  const toolNames = new Map<string, string>();
  for (const [i, message] of messages.entries()) {
    if (message.role === "system" || message.role === "developer") {
      system.push(contentText(message.content));
      continue;
    }
    if (message.role === "tool" || message.role === "function") {
      const name = toolNames.get(message.tool_call_id ?? "") ?? message.name ?? "tool";
      appendTurn(contents, "user", "parts", [{ functionResponse: { name, response: { content: contentText(message.content) } } }]);
      continue;
    }
    const parts: Part[] = [];
    if (typeof message.content === "string") {
      if (message.content) parts.push({ text: message.content });
    } else {
      for (const [j, part] of (message.content ?? []).entries()) {
        if (part.type === "text") parts.push({ text: part.text ?? "" });
        else if (part.type === "image_url") {
          const url = part.image_url?.url ?? "";
          const inline = parseDataUrl(url);
          parts.push(inline ? { inlineData: { mimeType: inline.mediaType, data: inline.data } } : { fileData: { fileUri: url } });
        } else return { param: `messages[${i}].content[${j}].type`, message: `gemini adapter cannot take '${part.type}' content parts` };
      }
    }
    for (const call of message.tool_calls ?? []) {
      toolNames.set(call.id, call.function.name);
      parts.push({ functionCall: { name: call.function.name, args: parseToolArguments(call.function.arguments) } });
    }
    appendTurn(contents, message.role === "assistant" ? "model" : "user", "parts", parts);
  }
  return { contents, system: system.filter(Boolean).join("\n\n") };
}

function toolConfig(choice: OpenAIToolChoice | undefined): Record<string, unknown> | undefined {
  if (choice === "auto") return { functionCallingConfig: { mode: "AUTO" } };
  if (choice === "none") return { functionCallingConfig: { mode: "NONE" } };
  if (choice === "required") return { functionCallingConfig: { mode: "ANY" } };
  const named = namedToolChoice(choice);
  if (named) return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [named] } };
  return undefined;
}

/**
 * OpenAI Chat Completions → Gemini `generateContent`. The model goes in the URL, not the body;
 * JSON Schemas (tools, response format) are sent as JSON Schema (`parametersJsonSchema`,
 * `responseJsonSchema`), which Gemini accepts alongside its OpenAPI subset.
 */
export function toGeminiRequest(body: Record<string, unknown>): RequestTranslation {
  const mapped = mapMessages((body.messages ?? []) as OpenAIMessage[]);
  if (!("contents" in mapped)) return { ok: false, ...mapped };
  const generationConfig: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (value !== undefined && value !== null) generationConfig[field] = value;
  };
  set("maxOutputTokens", body.max_completion_tokens ?? body.max_tokens);
  set("temperature", body.temperature);
  set("topP", body.top_p);
  set("stopSequences", stopList(body.stop));
  set("candidateCount", body.n);
  set("presencePenalty", body.presence_penalty);
  set("frequencyPenalty", body.frequency_penalty);
  set("seed", body.seed);
  const format = body.response_format as OpenAIResponseFormat | undefined;
  if (format?.type === "json_object" || format?.type === "json_schema") set("responseMimeType", "application/json");
  if (format?.type === "json_schema") set("responseJsonSchema", format.json_schema.schema);
  const out: Record<string, unknown> = { contents: mapped.contents };
  if (mapped.system) out.systemInstruction = { parts: [{ text: mapped.system }] };
  if (Object.keys(generationConfig).length) out.generationConfig = generationConfig;
  const requested = functionTools(body.tools, "gemini");
  if (!requested.ok) return requested;
  const tools = requested.tools;
  if (tools.length) {
    out.tools = [
      {
        functionDeclarations: tools.map((t) => ({
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          ...(t.function.parameters ? { parametersJsonSchema: t.function.parameters } : {}),
        })),
      },
    ];
    const config = toolConfig(body.tool_choice as OpenAIToolChoice | undefined);
    if (config) out.toolConfig = config;
  }
  return { ok: true, body: out, dropped: unmappedFields(body, MAPPED) };
}
