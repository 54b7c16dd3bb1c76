import { describe, expect, it } from "vitest";
import { chooseWeighted, weightedOrder } from "./weighted-order.ts";

describe("weighted first target", () => {
  it("a 70/30 split over 1,000 request ids lands within ±5 points", () => {
    let first = 0;
    for (let i = 0; i < 1_000; i++) if (chooseWeighted([70, 30], crypto.randomUUID()) === 0) first++;
    expect(first).toBeGreaterThanOrEqual(650);
    expect(first).toBeLessThanOrEqual(750);
  });

  it("sequential ids split too (the hash spreads ids that differ only at the end)", () => {
    let first = 0;
    for (let i = 0; i < 1_000; i++) if (chooseWeighted([70, 30], `req_${i}`) === 0) first++;
    expect(first).toBeGreaterThanOrEqual(650);
    expect(first).toBeLessThanOrEqual(750);
  });

  it("is deterministic per request id", () => {
    const id = crypto.randomUUID();
    expect(chooseWeighted([1, 1, 1], id)).toBe(chooseWeighted([1, 1, 1], id));
  });

  it("a target with weight 0 is never first", () => {
    for (let i = 0; i < 200; i++) expect(chooseWeighted([0, 5, 0], `id-${i}`)).toBe(1);
  });

  it("failover follows the chosen target in the workflow's order", () => {
    const targets = ["a", "b", "c"].map((p) => ({ provider: p, model: "m" }));
    const id = Array.from({ length: 100 }, (_, i) => `r${i}`).find((r) => chooseWeighted([1, 1, 0], r) === 1) as string;
    expect(weightedOrder(targets, [1, 1, 0], id).map((t) => t.provider)).toEqual(["b", "a", "c"]);
    expect(weightedOrder(targets, null, id).map((t) => t.provider)).toEqual(["a", "b", "c"]);
  });
});
