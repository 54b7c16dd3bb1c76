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
