/** Tokens one request used, as reported by the upstream or estimated by the gateway. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Of the prompt, tokens read from the provider's prompt cache. */
  cachedPromptTokens: number;
  /** Of the prompt, tokens written to the provider's prompt cache (Anthropic bills them at a premium). */
  cacheWriteTokens: number;
  /** Of the completion, reasoning ("thinking") tokens: billed as output, shown apart. */
  reasoningTokens: number;
  /** True when the upstream reported no usage (abort, failure) and the gateway estimated it. */
  estimated: boolean;
}
