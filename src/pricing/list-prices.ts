import type { PriceCalculationResult, Provider, Usage } from "@pydantic/genai-prices";
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

type CalcPrice = typeof import("@pydantic/genai-prices").calcPrice;

/** Names remembered per isolate; past this the memo starts over (names come from workflows, a few per tenant). */
const MATCHED_MAX_NAMES = 256;

/**
 * Per provider id and model name: the table's provider cut down to the model the name matched
 * (null: no match). The table is bundled, so a match never changes; the date-dependent price and
 * the arithmetic still run per request. Measured: the table's scan was ~0.8 ms of a request (bench/README.md).
 */
const matched = new Map<string, Provider | null>();

/** `calcPrice` on the one matching model once the name has been matched; the same result as a full scan (tested). */
function calcMatched(calcPrice: CalcPrice, tokens: Usage, name: string, providerId: string | undefined): PriceCalculationResult {
  const memoKey = `${providerId ?? ""}\u0000${name}`;
  const known = matched.get(memoKey);
  if (known !== undefined) return known ? calcPrice(tokens, name, { provider: known }) : null;
  const found = calcPrice(tokens, name, providerId ? { providerId } : {});
  if (matched.size >= MATCHED_MAX_NAMES) matched.clear();
  matched.set(memoKey, found ? { ...found.provider, models: [found.model], fallback_model_providers: undefined } : null);
  return found;
}

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
      const found = calcMatched(calcPrice, tokens, name, providerId);
      if (found) return { costUsd: found.total_price, source: `${LIST_PRICES_SOURCE}:${found.provider.id}/${found.model.id}` };
    } catch {
      // A usage the table cannot price (it validates its inputs) is left unpriced, like an unknown model.
    }
  }
  return null;
}
