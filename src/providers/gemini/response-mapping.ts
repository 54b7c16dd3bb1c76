import type { ChatCompletion, Usage } from "../../chat/openai-types.ts";
import type { CompletionResult } from "../provider-adapter.ts";
import { openAIUsage } from "../translate/chunk-builder.ts";

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  functionCall?: { name?: string; args?: unknown; id?: string };
}

export interface GeminiCandidate {
  index?: number;
  content?: { parts?: GeminiPart[] };
  finishReason?: string;
}

export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    cachedContentTokenCount?: number;
  };
  modelVersion?: string;
  responseId?: string;
  error?: { message?: string; status?: string };
}

/** Finish reasons that mean the answer was withheld or cut for safety, policy or recitation. */
const FILTERED = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE"]);

/** Gemini `finishReason` → OpenAI `finish_reason` (`tool_calls` when the candidate called functions). */
export function mapGeminiFinishReason(reason: string | undefined, calledTools: boolean): string | null {
  if (!reason || reason === "FINISH_REASON_UNSPECIFIED") return null;
  if (reason === "MAX_TOKENS") return "length";
  if (FILTERED.has(reason)) return "content_filter";
  return calledTools ? "tool_calls" : "stop";
}

/** Thinking tokens are billed as output, so they count as completion tokens (and are named as reasoning tokens, as OpenAI does). */
export function mapGeminiUsage(usage: NonNullable<GeminiResponse["usageMetadata"]>): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const mapped = openAIUsage(usage.promptTokenCount ?? 0, (usage.candidatesTokenCount ?? 0) + thoughts, usage.cachedContentTokenCount ?? 0);
  return thoughts > 0 ? { ...mapped, completion_tokens_details: { reasoning_tokens: thoughts } } : mapped;
}

/** A candidate's visible text (thought parts are not part of the answer). */
export function candidateText(parts: GeminiPart[]): string {
  return parts.map((p) => (p.text !== undefined && !p.thought ? p.text : "")).join("");
}

/** A function call part as an OpenAI tool call. */
export function toolCallOf(part: GeminiPart, fallbackId: string) {
  return {
    id: part.functionCall?.id ?? fallbackId,
    type: "function" as const,
    function: { name: part.functionCall?.name ?? "", arguments: JSON.stringify(part.functionCall?.args ?? {}) },
  };
}

/** A `generateContent` response → an OpenAI completion; a blocked prompt is one empty choice finished by `content_filter`. */
export function fromGeminiResponse(json: unknown): CompletionResult {
  const body = json as GeminiResponse;
  if (body?.error) return { ok: false, message: body.error.message ?? "gemini error" };
  if (typeof body !== "object" || body === null || (!body.candidates && !body.promptFeedback))
    return { ok: false, message: "upstream answered 200 without a Gemini response body" };
  const candidates = body.candidates?.length
    ? body.candidates
    : [{ index: 0, finishReason: body.promptFeedback?.blockReason ? "SAFETY" : "OTHER" }];
  const completion: ChatCompletion = {
    id: body.responseId ? `chatcmpl-${body.responseId}` : `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.modelVersion ?? "",
    choices: candidates.map((candidate, i) => {
      const parts = candidate.content?.parts ?? [];
      const toolCalls = parts.filter((p) => p.functionCall).map((p, n) => toolCallOf(p, `call_${i}_${n}`));
      const text = candidateText(parts);
      return {
        index: candidate.index ?? i,
        message: {
          role: "assistant",
          content: toolCalls.length && !text ? null : text,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0) ?? "stop",
      };
    }),
    ...(body.usageMetadata ? { usage: mapGeminiUsage(body.usageMetadata) } : {}),
  };
  return { ok: true, completion };
}
