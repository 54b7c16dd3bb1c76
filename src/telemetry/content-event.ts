import type { LogWrite } from "../logs/log-record.ts";
import { attributesOf, type OtlpEvent, unixNano } from "./otlp-json.ts";
import { GATEWAY, GEN_AI_CONTENT } from "./span-attributes.ts";

/**
 * Longest content attribute exported (characters of its JSON): collectors cap attribute values
 * (often at 64 KiB) and a span is no place for a whole transcript; the record keeps it whole.
 */
export const CONTENT_MAX_CHARS = 32_768;

/** A chat message in the conventions' shape: `{role, parts: [{type: "text", content}]}` for text; other content as sent. */
function conventionMessage(message: unknown): unknown {
  if (!message || typeof message !== "object") return message;
  const { role, content } = message as { role?: unknown; content?: unknown };
  return typeof content === "string" ? { role, parts: [{ type: "text", content }] } : { role, parts: content };
}

/** The client's messages (chat, messages) or input (responses, embeddings), from the stored request. */
function inputMessages(requestJson: string): unknown[] {
  const request = JSON.parse(requestJson) as { messages?: unknown; input?: unknown } | null;
  if (Array.isArray(request?.messages)) return request.messages.map(conventionMessage);
  if (typeof request?.input === "string") return [conventionMessage({ role: "user", content: request.input })];
  return Array.isArray(request?.input) ? request.input.map(conventionMessage) : [];
}

function capped(value: unknown): { text: string; truncated: boolean } {
  const text = JSON.stringify(value);
  return text.length > CONTENT_MAX_CHARS ? { text: text.slice(0, CONTENT_MAX_CHARS), truncated: true } : { text, truncated: false };
}

/**
 * The prompt and the answer as one span event (`gen_ai.client.inference.operation.details`, with
 * `gen_ai.input.messages` and `gen_ai.output.messages`), from the record after its secrets were
 * removed. Null when the workflow logs metadata only: content is exported only where it is kept.
 */
export function contentEvent(write: LogWrite, endMs: number): OtlpEvent | null {
  const { record } = write;
  if (record.logContent !== "full") return null;
  const input = capped(inputMessages(write.requestJson));
  const output = capped(
    record.output
      ? [{ role: "assistant", parts: [{ type: "text", content: record.output.text }], finish_reason: record.output.finishReason }]
      : [],
  );
  return {
    name: GEN_AI_CONTENT.event,
    timeUnixNano: unixNano(endMs),
    attributes: attributesOf({
      [GEN_AI_CONTENT.inputMessages]: input.text,
      [GEN_AI_CONTENT.outputMessages]: output.text,
      [GATEWAY.contentTruncated]: input.truncated || output.truncated ? true : null,
    }),
  };
}
