import type { PriceOverride } from "../config/price-overrides.ts";
import { costUsd, findPrice } from "./cost.ts";
import { listPrice } from "./list-prices.ts";
import type { TokenUsage } from "./token-usage.ts";

/** The cost of `usage` on this target and where its price came from, or null when no price is known. */
export type PricedUsage = { costUsd: number; lookup: { source: string } } | null;

/** The cost of `usage` on this target: a tenant override (or faux's price) first, else the list price. */
export async function priceUsage(
  overrides: PriceOverride[],
  target: { provider: string; model: string },
  providerType: string | null,
  usage: TokenUsage,
): Promise<PricedUsage> {
  const lookup = findPrice(overrides, target.provider, providerType, target.model);
  if (lookup) return { costUsd: costUsd(usage, lookup.price), lookup };
  const listed = await listPrice(providerType, target.model, usage);
  return listed ? { costUsd: listed.costUsd, lookup: { source: listed.source } } : null;
}
