import { z } from "zod";

/** One tenant price override: for a model on one provider, or on any provider. */
export const priceOverride = z.strictObject({
  provider: z.string().min(1).optional(),
  model: z.string().min(1),
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
  cachedInputPerMTok: z.number().min(0).optional(),
});
export type PriceOverride = z.infer<typeof priceOverride>;

export const priceOverridesInput = z.strictObject({ prices: z.array(priceOverride).max(1_000) });
