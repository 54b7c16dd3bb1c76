import type { CompletionResult } from "../provider-adapter.ts";
import { translatedCompletion } from "../translate/translated-completion.ts";
import { mapAnthropicStopReason } from "./finish-reason.ts";
import { STRUCTURED_OUTPUT_TOOL } from "./request-mapping.ts";
import { type AnthropicUsage, mapAnthropicUsage } from "./usage.ts";

interface AnthropicBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

interface AnthropicMessageBody {
  type?: string;
  id?: string;
  model?: string;
  content?: AnthropicBlock[];
  stop_reason?: string | null;
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/** An Anthropic Messages response → an OpenAI chat completion (text, tool calls, finish reason, usage). */
export function fromAnthropicMessage(json: unknown): CompletionResult {
  const body = json as AnthropicMessageBody;
  if (body?.type === "error" || body?.error) return { ok: false, message: body.error?.message ?? "anthropic error" };
  if (!Array.isArray(body?.content)) return { ok: false, message: "upstream answered 200 without an Anthropic message body" };
  const structured = body.content.find((block) => block.type === "tool_use" && block.name === STRUCTURED_OUTPUT_TOOL);
  const text = structured
    ? JSON.stringify(structured.input ?? {})
    : body.content.map((b) => (b.type === "text" ? (b.text ?? "") : "")).join("");
  const toolCalls = structured
    ? []
    : body.content
        .filter((b) => b.type === "tool_use")
        .map((b) => ({ id: b.id ?? "", type: "function", function: { name: b.name ?? "", arguments: JSON.stringify(b.input ?? {}) } }));
  const completion = translatedCompletion({
    id: body.id,
    model: body.model,
    text,
    toolCalls,
    finishReason: mapAnthropicStopReason(body.stop_reason, structured !== undefined),
    usage: body.usage ? mapAnthropicUsage(body.usage) : null,
  });
  return { ok: true, completion };
}

/** A short reason from an Anthropic error body: `{"type":"error","error":{"type","message"}}`. */
export function anthropicErrorMessage(bodyText: string): string {
  try {
    const error = (JSON.parse(bodyText) as AnthropicMessageBody).error;
    if (error?.message) return error.type ? `${error.type}: ${error.message}` : error.message;
  } catch {
    // not JSON
  }
  return bodyText.trim().slice(0, 300) || "no error body";
}
