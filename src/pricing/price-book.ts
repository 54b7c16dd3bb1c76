import { costUsd, findPrice, type PriceLookup } from "./cost.ts";
import type { PriceOverride } from "./price-overrides.ts";
import type { TokenUsage } from "./token-usage.ts";

/**
 * A tenant's price overrides are read at most once a minute per isolate (KV itself is only
 * eventually consistent across locations, ~60 s), so pricing a request costs no read in the
 * common case. An admin change in this isolate is seen at once (`forgetPrices`).
 */
const PRICES_FRESH_MS = 60_000;
const MAX_TENANTS = 1_000;
const memo = new Map<string, { prices: Promise<PriceOverride[]>; readAt: number }>();

export function tenantPrices(tenant: string, read: () => Promise<PriceOverride[]>, nowMs: number = Date.now()): Promise<PriceOverride[]> {
  const held = memo.get(tenant);
  if (held && nowMs - held.readAt < PRICES_FRESH_MS) return held.prices;
  const prices = read().catch((error) => {
    memo.delete(tenant);
    throw error;
  });
  if (memo.size >= MAX_TENANTS) memo.delete(memo.keys().next().value as string);
  memo.set(tenant, { prices, readAt: nowMs });
  return prices;
}

/** Drops this isolate's copy of a tenant's overrides (after they changed). */
export function forgetPrices(tenant: string): void {
  memo.delete(tenant);
}

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
