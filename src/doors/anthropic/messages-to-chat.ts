import type { MessagesBlock, MessagesMessage, MessagesRequest, MessagesTool } from "./messages-schema.ts";

/** Top-level Messages fields with a Chat Completions counterpart; every other field is dropped by name. */
const MAPPED = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "stream",
  "temperature",
  "top_p",
  "stop_sequences",
  "tools",
  "tool_choice",
  "metadata",
  "output_config",
]);

type ChatMessage = Record<string, unknown>;
type ChatPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

/** A Messages request as a chat request, and what it had that chat cannot carry. */
export interface MessagesTranslation {
  chat: Record<string, unknown>;
  /** Field names left out (`thinking`, `cache_control`, `content.document`, `tools.web_search`, …), sorted. */
  dropped: string[];
}

/** Collects dropped field names and `cache_control` marks while mapping. */
class Dropped {
  readonly names = new Set<string>();
  add(name: string) {
    this.names.add(name);
  }
  /** Prompt caching is Anthropic's; other providers cache on their own or not at all. */
  noteCacheControl(value: Record<string, unknown>) {
    if (value.cache_control !== undefined && value.cache_control !== null) this.names.add("cache_control");
  }
}

/** An image block's source as an OpenAI image URL (base64 as a data URL), or null for sources chat cannot take (files). */
function imageUrl(source: MessagesBlock["source"]): string | null {
  if (source?.type === "base64" && typeof source.data === "string")
    return `data:${typeof source.media_type === "string" ? source.media_type : "application/octet-stream"};base64,${source.data}`;
  if (source?.type === "url" && typeof source.url === "string") return source.url;
  return null;
}

/** A tool result's content as text: OpenAI tool messages take text only. */
function toolResultText(content: MessagesBlock["content"], dropped: Dropped): string {
  if (typeof content === "string") return content;
  return (content ?? [])
    .map((part) => {
      dropped.noteCacheControl(part);
      if (part.type === "text" && typeof part.text === "string") return part.text;
      dropped.add(`tool_result.${part.type}`);
      return "";
    })
    .join("");
}

/** A user turn: tool results first (OpenAI wants them right after the assistant's calls), then the rest as one user message. */
function userMessages(blocks: MessagesBlock[], dropped: Dropped): ChatMessage[] {
  const tools: ChatMessage[] = [];
  const parts: ChatPart[] = [];
  for (const block of blocks) {
    dropped.noteCacheControl(block);
    if (block.type === "text") parts.push({ type: "text", text: block.text ?? "" });
    else if (block.type === "image" && imageUrl(block.source))
      parts.push({ type: "image_url", image_url: { url: imageUrl(block.source) ?? "" } });
    else if (block.type === "tool_result") {
      if (block.is_error) dropped.add("tool_result.is_error");
      tools.push({ role: "tool", tool_call_id: block.tool_use_id ?? "", content: toolResultText(block.content, dropped) });
    } else dropped.add(`content.${block.type}`);
  }
  if (parts.length === 0) return tools;
  // One text part is sent as a string: every OpenAI-compatible server takes that.
  const content = parts.length === 1 && parts[0]?.type === "text" ? parts[0].text : parts;
  return [...tools, { role: "user", content }];
}

/** An assistant turn: its text, and its tool uses as tool calls; thinking blocks have no chat counterpart. */
function assistantMessage(blocks: MessagesBlock[], dropped: Dropped): ChatMessage {
  const text: string[] = [];
  const toolCalls: unknown[] = [];
  for (const block of blocks) {
    dropped.noteCacheControl(block);
    if (block.type === "text") text.push(block.text ?? "");
    else if (block.type === "tool_use")
      toolCalls.push({
        id: block.id ?? "",
        type: "function",
        function: { name: block.name ?? "", arguments: JSON.stringify(block.input ?? {}) },
      });
    else dropped.add(`content.${block.type}`);
  }
  const content = text.join("");
  return { role: "assistant", content: content || (toolCalls.length ? null : ""), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
}

/** System text from text blocks (the top-level `system`, or a system turn). */
function systemText(blocks: MessagesBlock[], dropped: Dropped): string {
  return blocks
    .map((block) => {
      dropped.noteCacheControl(block);
      if (block.type === "text") return block.text ?? "";
      dropped.add(`system.${block.type}`);
      return "";
    })
    .join("\n\n");
}

function chatMessages(messages: MessagesMessage[], dropped: Dropped): ChatMessage[] {
  return messages.flatMap((message) => {
    const blocks: MessagesBlock[] = typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    if (message.role === "user") return userMessages(blocks, dropped);
    if (message.role === "assistant") return [assistantMessage(blocks, dropped)];
    // Chat takes system messages anywhere in the conversation too.
    return [{ role: "system", content: systemText(blocks, dropped) }];
  });
}

/** Custom tools become function tools; Anthropic's server and client tools (`web_search_…`, `bash_…`) have no counterpart. */
function chatTools(tools: MessagesTool[], dropped: Dropped): unknown[] {
  return tools.flatMap((tool) => {
    dropped.noteCacheControl(tool);
    if ((tool.type && tool.type !== "custom") || !tool.input_schema) {
      dropped.add(`tools.${tool.name}`);
      return [];
    }
    const description = tool.description ? { description: tool.description } : {};
    return [{ type: "function", function: { name: tool.name, ...description, parameters: tool.input_schema } }];
  });
}

/** Anthropic's `tool_choice` in OpenAI's terms (the inverse of the Anthropic adapter's mapping). */
function chatToolChoice(choice: NonNullable<MessagesRequest["tool_choice"]>): Record<string, unknown> {
  const parallel = choice.disable_parallel_tool_use ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case "auto":
      return { tool_choice: "auto", ...parallel };
    case "any":
      return { tool_choice: "required", ...parallel };
    case "none":
      return { tool_choice: "none" };
    case "tool":
      return { tool_choice: { type: "function", function: { name: choice.name ?? "" } }, ...parallel };
  }
}

/** `output_config`: a JSON Schema format is OpenAI's `response_format`; `effort` and the rest have no counterpart. */
function responseFormat(config: Record<string, unknown>, dropped: Dropped): Record<string, unknown> {
  let mapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const format = value as { type?: unknown; schema?: unknown } | null;
    if (key === "format" && format?.type === "json_schema" && typeof format.schema === "object")
      mapped = { response_format: { type: "json_schema", json_schema: { name: "output", schema: format.schema } } };
    else if (value !== undefined && value !== null) dropped.add(`output_config.${key}`);
  }
  return mapped;
}

/**
 * An Anthropic Messages request → an OpenAI chat request for the shared path. Everything with a
 * counterpart is translated (system, text, images, tool use and results, tools, tool_choice,
 * sampling, stop sequences, `metadata.user_id` → `user`, a JSON Schema output format); the rest
 * (`thinking`, `context_management`, `cache_control`, `top_k`, server tools, …) is dropped and named.
 */
export function messagesToChat(request: MessagesRequest): MessagesTranslation {
  const dropped = new Dropped();
  for (const [field, value] of Object.entries(request)) if (!MAPPED.has(field) && value !== undefined && value !== null) dropped.add(field);
  const messages: ChatMessage[] = [];
  if (typeof request.system === "string" && request.system) messages.push({ role: "system", content: request.system });
  if (Array.isArray(request.system) && request.system.length)
    messages.push({ role: "system", content: systemText(request.system, dropped) });
  messages.push(...chatMessages(request.messages, dropped));
  const tools = chatTools(request.tools ?? [], dropped);
  const chat: Record<string, unknown> = { model: request.model, messages };
  if (request.max_tokens) chat.max_tokens = request.max_tokens;
  if (request.stream) chat.stream = true;
  if (typeof request.temperature === "number") chat.temperature = request.temperature;
  if (typeof request.top_p === "number") chat.top_p = request.top_p;
  if (request.stop_sequences?.length) chat.stop = request.stop_sequences;
  if (tools.length) chat.tools = tools;
  if (tools.length && request.tool_choice) Object.assign(chat, chatToolChoice(request.tool_choice));
  for (const [key, value] of Object.entries(request.metadata ?? {})) {
    if (key === "user_id" && typeof value === "string") chat.user = value;
    else if (value !== undefined && value !== null) dropped.add(`metadata.${key}`);
  }
  if (request.output_config) Object.assign(chat, responseFormat(request.output_config, dropped));
  return { chat, dropped: [...dropped.names].sort() };
}
