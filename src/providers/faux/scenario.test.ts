import { describe, expect, it } from "vitest";
import { FAUX_EXAMPLE_MODELS, parseFauxModel } from "./scenario.ts";

describe("parseFauxModel", () => {
  it("combines tokens with +", () => {
    expect(parseFauxModel("slow-200+die-after-3")).toMatchObject({ gapMs: 200, dieAfter: 3, failStatus: null });
    expect(parseFauxModel("status-429+retry-after-2")).toMatchObject({ failStatus: 429, retryAfterSeconds: 2 });
    expect(parseFauxModel("words-100+burst-10")).toMatchObject({ words: 100, burst: 10 });
  });
  it("defaults fail-first to 503", () => {
    expect(parseFauxModel("fail-first-2")).toMatchObject({ failFirst: 2, failStatus: 503 });
  });
  it("rejects unknown tokens and bad numbers", () => {
    expect(parseFauxModel("gpt-4o")).toBeNull();
    expect(parseFauxModel("slow-abc")).toBeNull();
    expect(parseFauxModel("echo+nonsense")).toBeNull();
  });
  it("accepts every documented example", () => {
    for (const model of FAUX_EXAMPLE_MODELS) expect(parseFauxModel(model), model).not.toBeNull();
  });
});
