/** USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Prompt tokens served from the provider's prompt cache; input price when absent. */
  cachedInputPerMTok?: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic: 1.25× input); input price when absent. */
  cacheWritePerMTok?: number;
}

/**
 * List prices come from `@pydantic/genai-prices` (`list-prices.ts`), a maintained, versioned
 * table bundled with the Worker. Only `faux` has a price of its own: a nominal one, so drills show costs.
 */
export const FAUX_PRICE: ModelPrice = { inputPerMTok: 1, outputPerMTok: 2 };
