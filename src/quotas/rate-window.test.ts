import { describe, expect, it } from "vitest";
import { budgetVerdict, monthOf, rateVerdict } from "./rate-window.ts";

describe("rateVerdict", () => {
  it("admits under the limit", () => {
    expect(rateVerdict(0, 4, 10_000, 5)).toEqual({ ok: true });
  });
  it("refuses a full bucket until it ends", () => {
    expect(rateVerdict(0, 5, 45_000, 5)).toEqual({ ok: false, limit: "requests_per_minute", retryAfterSeconds: 15 });
  });
  it("weighs the previous bucket by its remaining overlap", () => {
    // 30 s into the bucket, half of the previous 10 still count: 5 + 4 = 9 < 10.
    expect(rateVerdict(10, 4, 30_000, 10)).toEqual({ ok: true });
    const refused = rateVerdict(10, 6, 30_000, 10);
    expect(refused).toMatchObject({ ok: false });
    // 6 + 10 × (1 - t/60) < 10 once t > 36 s: 6 s from now.
    expect(refused.ok === false && refused.retryAfterSeconds).toBe(6);
  });
});

describe("budgetVerdict", () => {
  it("refuses at the budget until the next calendar month", () => {
    const now = Date.UTC(2026, 10, 30, 23, 59, 0);
    expect(budgetVerdict(0.5, 1, now)).toEqual({ ok: true });
    expect(budgetVerdict(1, 1, now)).toEqual({ ok: false, limit: "monthly_budget", retryAfterSeconds: 60 });
    expect(monthOf(now)).toBe("2026-11");
  });
});
