import type { PriceOverride } from "../config/price-overrides.ts";
import { FAUX_PRICE, type ModelPrice } from "./default-prices.ts";
import type { TokenUsage } from "./token-usage.ts";

export interface PriceLookup {
  price: ModelPrice;
  /** Where the price came from, for the log: `tenant` or `faux`. */
  source: string;
}

/**
 * A price of the gateway's own: a tenant override for this provider and model, then one for the
 * model on any provider, then faux's nominal price. Null otherwise: the list price applies (`list-prices.ts`).
 */
export function findPrice(overrides: PriceOverride[], provider: string, providerType: string | null, model: string): PriceLookup | null {
  const exact =
    overrides.find((o) => o.model === model && o.provider === provider) ?? overrides.find((o) => o.model === model && !o.provider);
  if (exact) return { price: exact, source: "tenant" };
  return providerType === "faux" ? { price: FAUX_PRICE, source: "faux" } : null;
}

/** USD for the usage at this price; cache reads and writes (parts of the prompt) at their own prices. */
export function costUsd(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const written = Math.min(usage.cacheWriteTokens, usage.promptTokens - cached);
  const uncached = usage.promptTokens - cached - written;
  const micro =
    uncached * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    written * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    usage.completionTokens * price.outputPerMTok;
  return micro / 1e6;
}
