import type { ChatCompletion, Usage } from "../../chat/openai-types.ts";
import { parseToolArguments } from "../../providers/translate/openai-request.ts";

/** OpenAI `finish_reason` → Gemini `finishReason` (a tool call ends a Gemini turn with STOP). */
export function toGeminiFinishReason(reason: string | null | undefined): string {
  if (reason === "length") return "MAX_TOKENS";
  if (reason === "content_filter") return "SAFETY";
  return "STOP";
}

/** OpenAI usage → Gemini `usageMetadata`: cached prompt and thinking tokens apart, as Gemini reports them. */
export function toGeminiUsage(usage: Usage | null | undefined): Record<string, number> | undefined {
  if (!usage) return undefined;
  const cached = (usage.prompt_tokens_details as { cached_tokens?: number } | undefined)?.cached_tokens ?? 0;
  const thoughts = (usage.completion_tokens_details as { reasoning_tokens?: number } | undefined)?.reasoning_tokens ?? 0;
  return {
    promptTokenCount: usage.prompt_tokens,
    candidatesTokenCount: Math.max(0, usage.completion_tokens - thoughts),
    totalTokenCount: usage.total_tokens,
    ...(cached ? { cachedContentTokenCount: cached } : {}),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** A chat tool call as a Gemini `functionCall` part (its id kept, so the response can name it). */
export function functionCallPart(call: { id?: string; function?: { name?: string; arguments?: string } }) {
  return {
    functionCall: {
      ...(call.id ? { id: call.id } : {}),
      name: call.function?.name ?? "",
      args: parseToolArguments(call.function?.arguments ?? ""),
    },
  };
}

/** Gemini's `responseId`: the upstream's completion id without OpenAI's prefix. */
export const geminiResponseId = (id: string) => id.replace(/^chatcmpl-/, "");

/**
 * A chat completion as a `GenerateContentResponse`: each choice a candidate whose parts are its
 * text and its function calls, with `finishReason`, and `usageMetadata`.
 */
export function toGenerateContentResponse(completion: ChatCompletion): Record<string, unknown> {
  const candidates = completion.choices.map((choice) => {
    const message = choice.message;
    const text = typeof message.content === "string" ? message.content : typeof message.refusal === "string" ? message.refusal : "";
    const calls = (message.tool_calls ?? []) as Array<{ id?: string; function?: { name?: string; arguments?: string } }>;
    const parts = [...(text || calls.length === 0 ? [{ text }] : []), ...calls.map(functionCallPart)];
    return { content: { role: "model", parts }, finishReason: toGeminiFinishReason(choice.finish_reason), index: choice.index };
  });
  const usageMetadata = toGeminiUsage(completion.usage);
  return {
    candidates,
    ...(usageMetadata ? { usageMetadata } : {}),
    modelVersion: completion.model,
    responseId: geminiResponseId(completion.id),
  };
}
