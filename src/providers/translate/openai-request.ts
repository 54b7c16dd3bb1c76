/** The OpenAI request shapes native adapters translate from (everything else they name as dropped). */

export interface OpenAIContentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: string };
  [field: string]: unknown;
}

export interface OpenAIToolCall {
  id: string;
  type?: "function";
  function: { name: string; arguments: string };
}

export interface OpenAIMessage {
  role: "system" | "developer" | "user" | "assistant" | "tool" | "function";
  content?: string | OpenAIContentPart[] | null;
  name?: string;
  tool_calls?: OpenAIToolCall[];
  tool_call_id?: string;
}

export interface OpenAITool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type OpenAIToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

/** A client's `response_format`, as far as adapters map it. */
export type OpenAIResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name?: string; schema?: Record<string, unknown>; strict?: boolean } };

/** The text of a message's content (text parts joined; other parts are not text). */
export function contentText(content: OpenAIMessage["content"]): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}

/** Tool-call arguments as an object: providers that take structured input need JSON, not text. */
export function parseToolArguments(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : { value };
  } catch {
    return { arguments: text };
  }
}

/** `data:image/png;base64,AAAA` → its media type and base64 data; null for http(s) URLs. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1] ?? "application/octet-stream", data: match[2] ?? "" } : null;
}

/** `stop` as a list. */
export function stopList(stop: unknown): string[] | undefined {
  if (typeof stop === "string") return [stop];
  if (Array.isArray(stop)) return stop.filter((s): s is string => typeof s === "string");
  return undefined;
}

/**
 * The request fields an adapter does not map, for `dropped`. `ignored` are transport fields
 * whose purpose the gateway already serves (usage is always reported, streaming is per call).
 */
export function unmappedFields(body: Record<string, unknown>, mapped: ReadonlySet<string>): string[] {
  const ignored = new Set(["model", "messages", "stream", "stream_options"]);
  return Object.keys(body)
    .filter((field) => !mapped.has(field) && !ignored.has(field) && body[field] !== undefined && body[field] !== null)
    .sort();
}

/** The function a `tool_choice` names (`{type: "function", function: {name}}`), or null (a mode, `null`, another kind). */
export function namedToolChoice(choice: unknown): string | null {
  if (typeof choice !== "object" || choice === null) return null;
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  return typeof name === "string" ? name : null;
}

/**
 * The request's tools when all are function tools; native providers take no other kind (OpenAI's
 * custom or built-in tools), so any other refuses the target, naming the tool.
 */
export function functionTools(
  tools: unknown,
  provider: string,
): { ok: true; tools: OpenAITool[] } | { ok: false; param: string; message: string } {
  const list = (Array.isArray(tools) ? tools : []) as OpenAITool[];
  const other = list.findIndex((tool) => tool.type !== "function" || !tool.function);
  if (other >= 0) return { ok: false, param: `tools[${other}]`, message: `${provider} takes function tools only` };
  return { ok: true, tools: list };
}
