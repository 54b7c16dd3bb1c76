import { describe, expect, it } from "vitest";
import type { Usage } from "../chat/openai-types.ts";
import { mapAnthropicUsage } from "../providers/anthropic/usage.ts";
import { mapGeminiUsage } from "../providers/gemini/response-mapping.ts";
import fixtures from "./__fixtures__/provider-usage.json";
import { priceUsage } from "./price-book.ts";
import { fromOpenAIUsage } from "./usage.ts";

/**
 * One request of each provider type, priced from its recorded usage through the same mapping the
 * gateway uses, checked against the provider's published price (USD per million tokens).
 */
const M = 1e6;
const price = async (providerType: string, model: string, usage: Usage) => {
  const tokens = fromOpenAIUsage(usage);
  if (!tokens) throw new Error("no usage");
  const priced = await priceUsage([], { provider: "p", model }, providerType, tokens);
  return { tokens, priced };
};

describe("list prices from recorded usage, against published prices", () => {
  it("OpenAI gpt-4o-mini: $0.15 in, $0.075 cached in, $0.60 out", async () => {
    const { tokens, priced } = await price("openai", fixtures.openai.model, fixtures.openai.usage);
    expect(tokens).toMatchObject({ promptTokens: 1200, cachedPromptTokens: 1024, cacheWriteTokens: 0, reasoningTokens: 0 });
    expect(priced?.costUsd).toBeCloseTo((176 * 0.15 + 1024 * 0.075 + 300 * 0.6) / M, 12);
    expect(priced?.lookup.source).toBe("@pydantic/genai-prices:openai/gpt-4o-mini");
  });

  it("OpenAI o4-mini: reasoning tokens kept apart, billed as output ($1.10 in, $4.40 out)", async () => {
    const { tokens, priced } = await price("openai", fixtures["openai-reasoning"].model, fixtures["openai-reasoning"].usage);
    expect(tokens).toMatchObject({ completionTokens: 900, reasoningTokens: 640 });
    expect(priced?.costUsd).toBeCloseTo((500 * 1.1 + 900 * 4.4) / M, 12);
  });

  it("Azure OpenAI gpt-4o-mini: $0.15 in, $0.60 out", async () => {
    const { priced } = await price("azure-openai", fixtures["azure-openai"].model, fixtures["azure-openai"].usage);
    expect(priced?.costUsd).toBeCloseTo((2000 * 0.15 + 100 * 0.6) / M, 12);
    expect(priced?.lookup.source).toContain(":azure/");
  });

  it("Anthropic claude-sonnet-4: a cache write at its premium ($3.75), not as plain input ($3)", async () => {
    const { tokens, priced } = await price("anthropic", fixtures.anthropic.model, mapAnthropicUsage(fixtures.anthropic.usage));
    expect(tokens).toMatchObject({ promptTokens: 2100, cacheWriteTokens: 2000, cachedPromptTokens: 0 });
    expect(priced?.costUsd).toBeCloseTo((100 * 3 + 2000 * 3.75 + 50 * 15) / M, 12);
  });

  it("Anthropic claude-sonnet-4: a cache read at $0.30", async () => {
    const fixture = fixtures["anthropic-cache-read"];
    const { priced } = await price("anthropic", fixture.model, mapAnthropicUsage(fixture.usage));
    expect(priced?.costUsd).toBeCloseTo((100 * 3 + 2000 * 0.3 + 50 * 15) / M, 12);
  });

  it("Gemini 2.5 Flash: thinking tokens are output ($0.30 in, $2.50 out) and shown as reasoning", async () => {
    const { tokens, priced } = await price("gemini", fixtures.gemini.model, mapGeminiUsage(fixtures.gemini.usageMetadata));
    expect(tokens).toMatchObject({ promptTokens: 1000, completionTokens: 500, reasoningTokens: 300 });
    expect(priced?.costUsd).toBeCloseTo((1000 * 0.3 + 500 * 2.5) / M, 12);
  });

  it("Workers AI llama-3.1-8b-instruct: $0.282 in, $0.827 out", async () => {
    const { priced } = await price("workers-ai", fixtures["workers-ai"].model, fixtures["workers-ai"].usage);
    expect(priced?.costUsd).toBeCloseTo((1000 * 0.282 + 100 * 0.827) / M, 12);
  });

  it("a tenant override still wins, with its own cache-write price", async () => {
    const tokens = fromOpenAIUsage(mapAnthropicUsage(fixtures.anthropic.usage));
    if (!tokens) throw new Error("no usage");
    const override = { model: fixtures.anthropic.model, inputPerMTok: 1, outputPerMTok: 2, cacheWritePerMTok: 5 };
    const priced = await priceUsage([override], { provider: "p", model: fixtures.anthropic.model }, "anthropic", tokens);
    expect(priced).toMatchObject({ lookup: { source: "tenant" } });
    expect(priced?.costUsd).toBeCloseTo((100 * 1 + 2000 * 5 + 50 * 2) / M, 12);
  });

  it("an unknown model has no price", async () => {
    const { priced } = await price("openai-compatible", "my-own-finetune", { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
    expect(priced).toBeNull();
  });
});
