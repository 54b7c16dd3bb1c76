import type { Usage } from "../chat/openai-types.ts";
import type { TokenUsage } from "./token-usage.ts";

/** OpenAI usage → the log's usage. */
export function fromOpenAIUsage(usage: Usage | null | undefined): TokenUsage | null {
  if (!usage || typeof usage.prompt_tokens !== "number") return null;
  const details = usage.prompt_tokens_details as { cached_tokens?: unknown; cache_write_tokens?: unknown } | undefined;
  const output = usage.completion_tokens_details as { reasoning_tokens?: unknown } | undefined;
  const count = (value: unknown) => (typeof value === "number" && value >= 0 ? value : 0);
  const completion = typeof usage.completion_tokens === "number" ? usage.completion_tokens : 0;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: completion,
    totalTokens: typeof usage.total_tokens === "number" ? usage.total_tokens : usage.prompt_tokens + completion,
    cachedPromptTokens: count(details?.cached_tokens),
    cacheWriteTokens: count(details?.cache_write_tokens),
    reasoningTokens: count(output?.reasoning_tokens),
    estimated: false,
  };
}

/** About four characters per token: the usual rule of thumb for English text and JSON. */
const CHARS_PER_TOKEN = 4;

/**
 * An estimate when the upstream never reported usage (aborted or failed streams, or servers that
 * ignore `include_usage`), marked `estimated` so nobody mistakes it for a bill.
 */
export function estimateUsage(messages: unknown, outputChars: number): TokenUsage {
  const promptTokens = Math.ceil(JSON.stringify(messages ?? "").length / CHARS_PER_TOKEN);
  const completionTokens = Math.ceil(outputChars / CHARS_PER_TOKEN);
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedPromptTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: true,
  };
}
