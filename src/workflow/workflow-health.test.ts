import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH, workflowHealth } from "./workflow-health.ts";

const one = [{ provider: "a", model: "m" }];
const two = [...one, { provider: "b", model: "m" }];

describe("the breaker a workflow routes with", () => {
  it("is on with the documented defaults for more than one target", () => {
    expect(workflowHealth({ targets: two })).toEqual(DEFAULT_HEALTH);
    expect(DEFAULT_HEALTH).toEqual({ failureThreshold: 5, failureRatio: 0.5, windowMs: 30_000, openMs: 15_000, halfOpenProbes: 1 });
  });

  it("health: false opts out; a workflow's own policy wins", () => {
    expect(workflowHealth({ targets: two, health: false })).toBeNull();
    const own = { ...DEFAULT_HEALTH, openMs: 60_000 };
    expect(workflowHealth({ targets: two, health: own })).toBe(own);
    expect(workflowHealth({ targets: one, health: own })).toBe(own);
  });

  it("is off for a single target unless set", () => {
    expect(workflowHealth({ targets: one })).toBeNull();
  });
});
