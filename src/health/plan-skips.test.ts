import { describe, expect, it } from "vitest";
import { healthPolicy } from "../config/schemas.ts";
import { planSkips } from "./plan-skips.ts";
import { freshHealth, type TargetHealth } from "./target-health.ts";

const policy = healthPolicy.parse({ openMs: 10_000, halfOpenProbes: 1 });
const targets = [
  { provider: "a", model: "x" },
  { provider: "b", model: "y" },
  { provider: "c", model: "z" },
];
const opened = (key: string, openedAt: number, lastFailureAt = openedAt): TargetHealth => {
  const [provider, model] = key.split("/") as [string, string];
  return { ...freshHealth({ provider, model }, policy, 0), openedAt, lastFailureAt };
};

function plan(health: Record<string, TargetHealth>, nowMs: number, probes: Record<string, number> = {}) {
  return planSkips({ targets, policy, health: (k) => health[k], probesInFlight: (k) => probes[k] ?? 0, nowMs });
}

describe("which targets the breaker skips", () => {
  it("nothing known: nothing skipped", () => {
    expect(plan({}, 0)).toEqual({ skip: new Set(), probes: [] });
  });

  it("an open target is skipped; the others are tried in order", () => {
    expect(plan({ "a/x": opened("a/x", 1_000) }, 2_000).skip).toEqual(new Set([0]));
  });

  it("a half-open target is probed while it has a free slot, else skipped", () => {
    const health = { "a/x": opened("a/x", 1_000) };
    expect(plan(health, 11_000)).toEqual({ skip: new Set(), probes: ["a/x"] });
    expect(plan(health, 11_000, { "a/x": 1 })).toEqual({ skip: new Set([0]), probes: [] });
  });

  it("every target open: the least recently failed one is still tried", () => {
    const health = { "a/x": opened("a/x", 1_000, 3_000), "b/y": opened("b/y", 1_000, 2_000), "c/z": opened("c/z", 1_000, 4_000) };
    expect(plan(health, 5_000).skip).toEqual(new Set([0, 2]));
  });
});
