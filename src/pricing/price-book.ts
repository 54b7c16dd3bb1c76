import type { PriceOverride } from "../config/price-overrides.ts";
import { costUsd, findPrice, type PriceLookup } from "./cost.ts";
import type { TokenUsage } from "./token-usage.ts";

/** The cost of `usage` on this target, or null when no price is known. */
export function priceUsage(
  overrides: PriceOverride[],
  target: { provider: string; model: string },
  providerType: string | null,
  usage: TokenUsage,
): { costUsd: number; lookup: PriceLookup } | null {
  const lookup = findPrice(overrides, target.provider, providerType, target.model);
  return lookup ? { costUsd: costUsd(usage, lookup.price), lookup } : null;
}
