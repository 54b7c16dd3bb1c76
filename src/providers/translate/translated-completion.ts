import type { ChatCompletion, Usage } from "../../chat/openai-types.ts";

/** A provider's answer, read: text, tool calls, finish reason and usage. */
export interface AnswerParts {
  id?: string | undefined;
  model?: string | undefined;
  created?: number | undefined;
  text: string;
  toolCalls: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  finishReason: string;
  usage: Usage | null | undefined;
}

/** An answer as an OpenAI chat completion: choice 0, `content` null when only tools were called. */
export function translatedCompletion(parts: AnswerParts): ChatCompletion {
  const { text, toolCalls } = parts;
  return {
    id: parts.id ?? `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: parts.created ?? Math.floor(Date.now() / 1000),
    model: parts.model ?? "",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: toolCalls.length && !text ? null : text,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: parts.finishReason,
      },
    ],
    ...(parts.usage ? { usage: parts.usage } : {}),
  };
}
