import type { GeminiContent, GeminiGenerationConfig, GeminiRequestPart, GeminiTool, GenerateContentRequest } from "./gemini-schema.ts";
import { openApiToJsonSchema } from "./openapi-schema.ts";

/** Top-level request fields with a chat counterpart; every other field is dropped by name. */
const MAPPED = new Set(["contents", "systemInstruction", "tools", "toolConfig", "generationConfig"]);
/** `generationConfig` fields with a chat counterpart. */
const MAPPED_CONFIG = new Set([
  "temperature",
  "topP",
  "maxOutputTokens",
  "stopSequences",
  "presencePenalty",
  "frequencyPenalty",
  "seed",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
]);

type ChatMessage = Record<string, unknown>;
type ChatPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

/** A Gemini request as a chat request, and what it had that chat cannot carry. */
export interface GeminiTranslation {
  chat: Record<string, unknown>;
  /** Field names left out (`safetySettings`, `generationConfig.topK`, `parts.thought`, `tools.googleSearch`, …), sorted. */
  dropped: string[];
}

/**
 * Gemini answers a function by name (its call ids are optional); chat by call id. Each call gets
 * its own id or a made-up one, and a response takes its own id or the oldest open call's of its name.
 */
class CallIds {
  private readonly open = new Map<string, string[]>();
  private count = 0;
  call(name: string, id: string | null | undefined): string {
    const callId = id || `call_${this.count++}_${name}`;
    this.open.set(name, [...(this.open.get(name) ?? []), callId]);
    return callId;
  }
  response(name: string, id: string | null | undefined): string {
    const queue = this.open.get(name) ?? [];
    if (id) {
      this.open.set(
        name,
        queue.filter((open) => open !== id),
      );
      return id;
    }
    return queue.shift() ?? `call_${name}`;
  }
}

/** An inline or file part as an image URL; other media have no chat counterpart here. */
function imagePart(part: GeminiRequestPart): ChatPart | null {
  if (part.inlineData?.mimeType.startsWith("image/"))
    return { type: "image_url", image_url: { url: `data:${part.inlineData.mimeType};base64,${part.inlineData.data}` } };
  if (part.fileData && (part.fileData.mimeType ?? "image/").startsWith("image/"))
    return { type: "image_url", image_url: { url: part.fileData.fileUri } };
  return null;
}

/** The part's kind for a dropped name (`parts.executableCode`, …). */
const partKind = (part: GeminiRequestPart) => Object.keys(part).find((key) => part[key] !== undefined) ?? "unknown";

/** A user turn: function responses first (chat wants them right after the calls), then the rest as one user message. */
function userMessages(parts: GeminiRequestPart[], ids: CallIds, dropped: Set<string>): ChatMessage[] {
  const tools: ChatMessage[] = [];
  const content: ChatPart[] = [];
  for (const part of parts) {
    const image = imagePart(part);
    if (part.functionResponse) {
      const { name, id, response } = part.functionResponse;
      tools.push({ role: "tool", tool_call_id: ids.response(name, id), content: JSON.stringify(response ?? {}) });
    } else if (typeof part.text === "string" && !part.thought) content.push({ type: "text", text: part.text });
    else if (image) content.push(image);
    else dropped.add(`parts.${part.thought ? "thought" : partKind(part)}`);
  }
  if (content.length === 0) return tools;
  const only = content[0];
  return [...tools, { role: "user", content: content.length === 1 && only?.type === "text" ? only.text : content }];
}

/** A model turn: its text, and its function calls as tool calls; thoughts have no chat counterpart. */
function assistantMessage(parts: GeminiRequestPart[], ids: CallIds, dropped: Set<string>): ChatMessage {
  const text: string[] = [];
  const toolCalls: unknown[] = [];
  for (const part of parts) {
    if (part.functionCall) {
      const { name, id, args } = part.functionCall;
      toolCalls.push({ id: ids.call(name, id), type: "function", function: { name, arguments: JSON.stringify(args ?? {}) } });
    } else if (typeof part.text === "string" && !part.thought) text.push(part.text);
    else dropped.add(`parts.${part.thought ? "thought" : partKind(part)}`);
  }
  const content = text.join("");
  return { role: "assistant", content: content || (toolCalls.length ? null : ""), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
}

function chatMessages(contents: GeminiContent[], dropped: Set<string>): ChatMessage[] {
  const ids = new CallIds();
  return contents.flatMap((content) =>
    content.role === "model" ? [assistantMessage(content.parts, ids, dropped)] : userMessages(content.parts, ids, dropped),
  );
}

function systemText(instruction: GenerateContentRequest["systemInstruction"]): string {
  if (typeof instruction === "string") return instruction;
  return (instruction?.parts ?? []).map((part) => part.text ?? "").join("\n\n");
}

/** Function declarations become function tools; Google's own tools (search, code execution, …) have no counterpart. */
function chatTools(tools: GeminiTool[], dropped: Set<string>): unknown[] {
  return tools.flatMap((tool) => {
    for (const [kind, value] of Object.entries(tool)) if (kind !== "functionDeclarations" && value != null) dropped.add(`tools.${kind}`);
    return (tool.functionDeclarations ?? []).map((declaration) => {
      const parameters =
        declaration.parametersJsonSchema ?? openApiToJsonSchema(declaration.parameters ?? { type: "object", properties: {} });
      const description = declaration.description ? { description: declaration.description } : {};
      return { type: "function", function: { name: declaration.name, ...description, parameters } };
    });
  });
}

/** `toolConfig.functionCallingConfig` as `tool_choice`: ANY with one allowed name forces that function. */
function chatToolChoice(config: GenerateContentRequest["toolConfig"], dropped: Set<string>): Record<string, unknown> {
  const calling = config?.functionCallingConfig;
  const allowed = calling?.allowedFunctionNames ?? [];
  switch (calling?.mode) {
    case "NONE":
      return { tool_choice: "none" };
    case "ANY":
    case "VALIDATED":
      if (allowed.length === 1) return { tool_choice: { type: "function", function: { name: allowed[0] } } };
      if (allowed.length > 1) dropped.add("toolConfig.functionCallingConfig.allowedFunctionNames");
      return { tool_choice: calling.mode === "ANY" ? "required" : "auto" };
    case "AUTO":
      return { tool_choice: "auto" };
    default:
      return {};
  }
}

/** `generationConfig` in chat's terms; a JSON MIME type (with or without a schema) is `response_format`. */
function sampling(config: GeminiGenerationConfig, dropped: Set<string>): Record<string, unknown> {
  for (const [field, value] of Object.entries(config))
    if (!MAPPED_CONFIG.has(field) && value != null && !(field === "candidateCount" && value === 1))
      dropped.add(`generationConfig.${field}`);
  const chat: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (value !== undefined && value !== null) chat[field] = value;
  };
  set("temperature", config.temperature);
  set("top_p", config.topP);
  set("max_tokens", config.maxOutputTokens);
  set("stop", config.stopSequences?.length ? config.stopSequences : undefined);
  set("presence_penalty", config.presencePenalty);
  set("frequency_penalty", config.frequencyPenalty);
  set("seed", config.seed);
  const schema = config.responseJsonSchema ?? (config.responseSchema ? openApiToJsonSchema(config.responseSchema) : undefined);
  if (schema) set("response_format", { type: "json_schema", json_schema: { name: "response", schema } });
  else if (config.responseMimeType === "application/json") set("response_format", { type: "json_object" });
  return chat;
}

/**
 * A Gemini `generateContent` request → an OpenAI chat request for the shared path. Everything with
 * a counterpart is translated (system instruction, text, images, function calls and responses,
 * function declarations, tool config, sampling, JSON output); the rest is dropped and named.
 * `safetySettings` are dropped for chat targets (their filters are their own); Gemini targets get them as sent.
 */
export function geminiToChat(model: string, stream: boolean, request: GenerateContentRequest): GeminiTranslation {
  const dropped = new Set<string>();
  for (const [field, value] of Object.entries(request)) if (!MAPPED.has(field) && value != null) dropped.add(field);
  const messages: ChatMessage[] = [];
  const system = systemText(request.systemInstruction);
  if (system) messages.push({ role: "system", content: system });
  messages.push(...chatMessages(request.contents, dropped));
  const tools = chatTools(request.tools ?? [], dropped);
  const chat: Record<string, unknown> = { model, messages, ...(stream ? { stream: true } : {}) };
  if (tools.length) Object.assign(chat, { tools }, chatToolChoice(request.toolConfig, dropped));
  Object.assign(chat, sampling(request.generationConfig ?? {}, dropped));
  return { chat, dropped: [...dropped].sort() };
}
