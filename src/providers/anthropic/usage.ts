import type { Usage } from "../../chat/openai-types.ts";
import { openAIUsage } from "../translate/chunk-builder.ts";

export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic counts cache reads and writes apart from `input_tokens`; OpenAI's prompt count includes them. */
export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return openAIUsage((usage.input_tokens ?? 0) + cacheRead + cacheWrite, usage.output_tokens ?? 0, cacheRead, {
    cache_write_tokens: cacheWrite,
  });
}

/** OpenAI usage → Anthropic's: the inverse of `mapAnthropicUsage` (cache reads and writes apart from `input_tokens`). */
export function toAnthropicUsage(usage: Usage | null | undefined): Required<AnthropicUsage> {
  const details = (usage?.prompt_tokens_details ?? {}) as { cached_tokens?: unknown; cache_write_tokens?: unknown };
  const cacheRead = typeof details.cached_tokens === "number" ? details.cached_tokens : 0;
  const cacheWrite = typeof details.cache_write_tokens === "number" ? details.cache_write_tokens : 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheWrite,
  };
}
