import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { costUsd, findPrice } from "./cost.ts";
import { listPrice } from "./list-prices.ts";

const usage = {
  promptTokens: 1_000_000,
  completionTokens: 500_000,
  totalTokens: 1_500_000,
  cachedPromptTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  estimated: false,
};

describe("a model's price", () => {
  it("a tenant's override for this provider wins over one for any provider; without one, the list price applies", async () => {
    const overrides = [
      { model: "gpt-4o", inputPerMTok: 7, outputPerMTok: 7 },
      { provider: "azure", model: "gpt-4o", inputPerMTok: 9, outputPerMTok: 9 },
    ];
    expect(findPrice(overrides, "azure", "azure-openai", "gpt-4o")).toMatchObject({ source: "tenant", price: { inputPerMTok: 9 } });
    expect(findPrice(overrides, "openai", "openai", "gpt-4o")).toMatchObject({ source: "tenant", price: { inputPerMTok: 7 } });
    expect(findPrice([], "openai", "openai", "gpt-4o")).toBeNull();
    expect(await listPrice("openai", "gpt-4o", usage)).toEqual({ costUsd: 2.5 + 0.5 * 10, source: "@pydantic/genai-prices:openai/gpt-4o" });
  });

  it("a dated or namespaced model finds its family in the list; an unknown one has no price", async () => {
    expect((await listPrice("openai", "gpt-4o-mini-2024-07-18", usage))?.source).toBe("@pydantic/genai-prices:openai/gpt-4o-mini");
    expect((await listPrice("openai-compatible", "openai/GPT-4o-2024-08-06", usage))?.source).toBe("@pydantic/genai-prices:openai/gpt-4o");
    expect(await listPrice("openai-compatible", "my-own-model", usage)).toBeNull();
  });

  it("a name priced again (matched once, then from the isolate's memo) costs what the whole table says, tiers and cache included", async () => {
    const cases: Array<[string, string, string]> = [
      ["openai", "openai", "gpt-4o-mini-2024-07-18"],
      ["anthropic", "anthropic", "claude-sonnet-4-5"],
      // Tiered: its price per token changes past 128k prompt tokens (the second usage).
      ["gemini", "google", "gemini-1.5-pro"],
      ["azure-openai", "azure", "gpt-4o"],
    ];
    const usages = [
      { ...usage, promptTokens: 12, completionTokens: 5 },
      { ...usage, promptTokens: 300_000, cachedPromptTokens: 1_000, cacheWriteTokens: 200, completionTokens: 700 },
      usage,
    ];
    for (const [providerType, providerId, model] of cases) {
      for (const u of [...usages, ...usages]) {
        const tokens = {
          input_tokens: u.promptTokens,
          cache_read_tokens: u.cachedPromptTokens,
          cache_write_tokens: u.cacheWriteTokens,
          output_tokens: u.completionTokens,
        };
        const whole = calcPrice(tokens, model, { providerId });
        expect(whole, `${providerId}/${model}`).not.toBeNull();
        expect(await listPrice(providerType, model, u)).toEqual({
          costUsd: whole?.total_price,
          source: `@pydantic/genai-prices:${whole?.provider.id}/${whole?.model.id}`,
        });
      }
    }
  });

  it("every faux model has the nominal price, unless the tenant set one", () => {
    expect(findPrice([], "faux", "faux", "echo")).toMatchObject({ source: "faux", price: { inputPerMTok: 1, outputPerMTok: 2 } });
    expect(findPrice([{ model: "echo", inputPerMTok: 0, outputPerMTok: 0 }], "faux", "faux", "echo")?.source).toBe("tenant");
  });
});

describe("cost", () => {
  it("is input plus output at their prices per million tokens", () => {
    expect(costUsd(usage, { inputPerMTok: 2, outputPerMTok: 8 })).toBeCloseTo(2 + 4, 10);
  });

  it("charges cached prompt tokens at the cached price, or the input price when there is none", () => {
    const cached = { ...usage, cachedPromptTokens: 400_000 };
    expect(costUsd(cached, { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 })).toBeCloseTo(0.6 * 2 + 0.4 * 0.5 + 4, 10);
    expect(costUsd(cached, { inputPerMTok: 2, outputPerMTok: 8 })).toBeCloseTo(2 + 4, 10);
  });

  it("charges cache writes at the cache-write price, or the input price when there is none", () => {
    const written = { ...usage, cacheWriteTokens: 400_000 };
    expect(costUsd(written, { inputPerMTok: 2, outputPerMTok: 8, cacheWritePerMTok: 2.5 })).toBeCloseTo(0.6 * 2 + 0.4 * 2.5 + 4, 10);
    expect(costUsd(written, { inputPerMTok: 2, outputPerMTok: 8 })).toBeCloseTo(2 + 4, 10);
  });

  it("never counts more cached tokens than prompt tokens", () => {
    const odd = { ...usage, promptTokens: 100, cachedPromptTokens: 1_000, completionTokens: 0 };
    expect(costUsd(odd, { inputPerMTok: 10, outputPerMTok: 0, cachedInputPerMTok: 1 })).toBeCloseTo(100 / 1e6, 12);
  });
});
