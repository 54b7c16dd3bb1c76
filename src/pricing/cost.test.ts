import { describe, expect, it } from "vitest";
import { costUsd, findPrice } from "./cost.ts";

const usage = { promptTokens: 1_000_000, completionTokens: 500_000, totalTokens: 1_500_000, cachedPromptTokens: 0, estimated: false };

describe("a model's price", () => {
  it("a tenant's override for this provider wins over one for any provider, which wins over the list price", () => {
    const overrides = [
      { model: "gpt-4o", inputPerMTok: 7, outputPerMTok: 7 },
      { provider: "azure", model: "gpt-4o", inputPerMTok: 9, outputPerMTok: 9 },
    ];
    expect(findPrice(overrides, "azure", "azure-openai", "gpt-4o")).toMatchObject({ source: "tenant", price: { inputPerMTok: 9 } });
    expect(findPrice(overrides, "openai", "openai", "gpt-4o")).toMatchObject({ source: "tenant", price: { inputPerMTok: 7 } });
    expect(findPrice([], "openai", "openai", "gpt-4o")).toMatchObject({ source: "default:gpt-4o", price: { inputPerMTok: 2.5 } });
  });

  it("a dated or namespaced model finds its family by the longest prefix; an unknown one has no price", () => {
    expect(findPrice([], "openai", "openai", "gpt-4o-mini-2024-07-18")?.source).toBe("default:gpt-4o-mini");
    expect(findPrice([], "router", "openai-compatible", "openai/GPT-4o-2024-08-06")?.source).toBe("default:gpt-4o");
    expect(findPrice([], "local", "openai-compatible", "my-own-model")).toBeNull();
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

  it("never counts more cached tokens than prompt tokens", () => {
    const odd = { ...usage, promptTokens: 100, cachedPromptTokens: 1_000, completionTokens: 0 };
    expect(costUsd(odd, { inputPerMTok: 10, outputPerMTok: 0, cachedInputPerMTok: 1 })).toBeCloseTo(100 / 1e6, 12);
  });
});
