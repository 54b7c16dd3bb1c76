import type { PriceOverride } from "../config/price-overrides.ts";
import { DEFAULT_PRICES, FAUX_PRICE, type ModelPrice } from "./default-prices.ts";
import type { TokenUsage } from "./token-usage.ts";

export interface PriceLookup {
  price: ModelPrice;
  /** Where the price came from, for the log: `tenant`, `default:<prefix>` or `faux`. */
  source: string;
}

/** The longest key of `table` that prefixes `model` (after any `vendor/` namespace). */
function longestPrefix<T>(table: Record<string, T>, model: string): [string, T] | null {
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  let best: [string, T] | null = null;
  for (const [prefix, value] of Object.entries(table)) {
    if (name.startsWith(prefix) && (!best || prefix.length > best[0].length)) best = [prefix, value];
  }
  return best;
}

/**
 * A model's price: a tenant override for this provider and model, then one for the model on any
 * provider, then the built-in table. Null when nothing is known (cost is then not computed).
 */
export function findPrice(overrides: PriceOverride[], provider: string, providerType: string | null, model: string): PriceLookup | null {
  const exact =
    overrides.find((o) => o.model === model && o.provider === provider) ?? overrides.find((o) => o.model === model && !o.provider);
  if (exact) return { price: exact, source: "tenant" };
  if (providerType === "faux") return { price: FAUX_PRICE, source: "faux" };
  const known = longestPrefix(DEFAULT_PRICES, model);
  return known ? { price: known[1], source: `default:${known[0]}` } : null;
}

/** USD for the usage at this price; cached prompt tokens at the cached-input price. */
export function costUsd(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const uncached = usage.promptTokens - cached;
  const micro =
    uncached * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    usage.completionTokens * price.outputPerMTok;
  return micro / 1e6;
}
