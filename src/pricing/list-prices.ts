import type { TokenUsage } from "./token-usage.ts";

/** Our provider types → the price table's provider ids; other types (OpenAI-compatible servers) match by model name. */
const PROVIDER_IDS: Record<string, string> = {
  openai: "openai",
  "azure-openai": "azure",
  anthropic: "anthropic",
  gemini: "google",
  "workers-ai": "cloudflare",
};

/** The table's name and version, for `priceSource` and the admin API. */
export const LIST_PRICES_SOURCE = "@pydantic/genai-prices";

/**
 * The list price of `usage` on a model, from `@pydantic/genai-prices`: bundled data, never
 * fetched at run time, with cache reads and writes (at their premium) and tiered prices. Loaded
 * on first use, after a response (settle), so its data never delays a cold start's first answer.
 * Null when the table does not know the model.
 */
export async function listPrice(
  providerType: string | null,
  model: string,
  usage: TokenUsage,
): Promise<{ costUsd: number; source: string } | null> {
  const { calcPrice } = await import("@pydantic/genai-prices");
  const providerId = providerType ? PROVIDER_IDS[providerType] : undefined;
  const input = usage.promptTokens;
  // Cache reads and writes are parts of the prompt count; a provider's odd report cannot make them exceed it.
  const cacheRead = Math.min(usage.cachedPromptTokens, input);
  const cacheWrite = Math.min(usage.cacheWriteTokens, input - cacheRead);
  const tokens = {
    input_tokens: input,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    output_tokens: usage.completionTokens,
  };
  // A namespaced name (`openai/gpt-4o` on a router) is tried whole, then by its last segment.
  const names = model.includes("/") ? [model, model.slice(model.lastIndexOf("/") + 1)] : [model];
  for (const name of names) {
    try {
      const found = calcPrice(tokens, name, providerId ? { providerId } : {});
      if (found) return { costUsd: found.total_price, source: `${LIST_PRICES_SOURCE}:${found.provider.id}/${found.model.id}` };
    } catch {
      // A usage the table cannot price (it validates its inputs) is left unpriced, like an unknown model.
    }
  }
  return null;
}
