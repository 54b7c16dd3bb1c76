import { z } from "zod";
import { modelName, resourceName } from "./name-grammar.ts";

/** One tenant price override: for a model on one provider, or on any provider. */
export const priceOverride = z.strictObject({
  provider: resourceName.optional(),
  model: modelName,
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
  cachedInputPerMTok: z.number().min(0).optional(),
  cacheWritePerMTok: z.number().min(0).optional(),
});
export type PriceOverride = z.infer<typeof priceOverride>;

export const priceOverridesInput = z.strictObject({ prices: z.array(priceOverride).max(1_000) });
