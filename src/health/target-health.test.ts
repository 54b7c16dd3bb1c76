import { describe, expect, it } from "vitest";
import { healthPolicy } from "../config/schemas.ts";
import { applyOutcome, circuitState, freshHealth, type HealthOutcome, p50FirstEventMs, type TargetHealth } from "./target-health.ts";

const policy = healthPolicy.parse({ failureThreshold: 3, failureRatio: 0.5, windowMs: 10_000, openMs: 5_000 });
const target = { provider: "p", model: "m" };
const outcome = (at: number, ok: boolean, firstEventMs: number | null = null): HealthOutcome => ({
  ...target,
  at,
  ok,
  firstEventMs,
  policy,
});
const run = (health: TargetHealth, ...outcomes: HealthOutcome[]) => outcomes.reduce(applyOutcome, health);

describe("target health transitions", () => {
  const start = freshHealth(target, policy, 0);

  it("closed → open at the failure threshold within the window", () => {
    const two = run(start, outcome(100, false), outcome(200, false));
    expect(circuitState(two, policy.openMs, 300)).toBe("closed");
    const three = applyOutcome(two, outcome(300, false));
    expect(three.openedAt).toBe(300);
    expect(circuitState(three, policy.openMs, 400)).toBe("open");
  });

  it("failures outside the window do not count", () => {
    const health = run(start, outcome(0, false), outcome(1_000, false), outcome(20_000, false));
    expect(health.openedAt).toBeNull();
  });

  it("a low failure ratio keeps the circuit closed", () => {
    const mostlyOk = run(
      start,
      ...[1, 2, 3, 4, 5, 6].map((i) => outcome(i, true)),
      outcome(10, false),
      outcome(11, false),
      outcome(12, false),
    );
    expect(mostlyOk.openedAt).toBeNull();
  });

  it("open → half-open after openMs; a failing probe re-opens, a passing one closes", () => {
    const open = run(start, outcome(100, false), outcome(200, false), outcome(300, false));
    expect(circuitState(open, policy.openMs, 5_299)).toBe("open");
    expect(circuitState(open, policy.openMs, 5_300)).toBe("half_open");
    const reopened = applyOutcome(open, outcome(6_000, false));
    expect(reopened.openedAt).toBe(6_000);
    expect(circuitState(reopened, policy.openMs, 7_000)).toBe("open");
    const closed = applyOutcome(reopened, outcome(11_500, true, 40));
    expect(circuitState(closed, policy.openMs, 11_600)).toBe("closed");
    expect(closed.recent).toEqual([{ at: 11_500, ok: true }]);
  });

  it("a failure while open dates the failure but does not extend the open period", () => {
    const open = run(start, outcome(100, false), outcome(200, false), outcome(300, false));
    const later = applyOutcome(open, outcome(1_000, false));
    expect(later.openedAt).toBe(300);
    expect(later.lastFailureAt).toBe(1_000);
  });

  it("p50 first-event time from recent successes", () => {
    const health = run(start, outcome(1, true, 30), outcome(2, true, 10), outcome(3, true, 20), outcome(4, false));
    expect(p50FirstEventMs(health)).toBe(20);
    expect(p50FirstEventMs(start)).toBeNull();
  });
});
