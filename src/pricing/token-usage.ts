/** Tokens one request used, as reported by the upstream or estimated by the gateway. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cachedPromptTokens: number;
  /** True when the upstream reported no usage (abort, failure) and the gateway estimated it. */
  estimated: boolean;
}
