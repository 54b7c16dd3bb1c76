import { describe, expect, it } from "vitest";
import { decideAfterAttempt } from "./delivery-decision.ts";
import { DEFAULT_RETRY_DELAYS_MS, retryDelayAfter, retryDelays } from "./retry-schedule.ts";

describe("webhook retry schedule", () => {
  it("defaults to Standard Webhooks' schedule; WEBHOOK_RETRY_DELAYS_MS replaces it", () => {
    expect(retryDelays({})).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retryDelays({ WEBHOOK_RETRY_DELAYS_MS: "300, 300" })).toEqual([300, 300]);
    expect(retryDelays({ WEBHOOK_RETRY_DELAYS_MS: "300,soon" })).toBe(DEFAULT_RETRY_DELAYS_MS);
  });

  it("waits the nth delay after the nth failure, jittered by at most 20% either way", () => {
    const delays = [1_000, 10_000];
    expect(retryDelayAfter(1, delays, 0.5)).toBe(1_000);
    expect(retryDelayAfter(1, delays, 0)).toBe(800);
    expect(retryDelayAfter(1, delays, 0.999_999)).toBe(1_200);
    expect(retryDelayAfter(2, delays, 0.5)).toBe(10_000);
  });

  it("after the last delay there is no next attempt: the delivery is dead", () => {
    expect(retryDelayAfter(3, [1_000, 10_000], 0.5)).toBeNull();
    expect(retryDelayAfter(8, DEFAULT_RETRY_DELAYS_MS, 0.5)).toBeNull();
    expect(retryDelayAfter(7, DEFAULT_RETRY_DELAYS_MS, 0.5)).toBe(36_000_000);
  });
});

describe("decideAfterAttempt", () => {
  const delays = [1_000, 10_000];
  const auto = (failedAttempts: number) => ({ failedAttempts, manual: false });
  const failed = { kind: "failed", status: 500, error: "HTTP 500" } as const;

  it("2xx delivers; a failure retries after the next delay; the last failure is dead", () => {
    expect(decideAfterAttempt({ kind: "delivered", status: 204 }, auto(0), delays, 0, 0.5)).toEqual({
      status: "delivered",
      nextAttemptAtMs: null,
      disableWebhook: false,
    });
    expect(decideAfterAttempt(failed, auto(1), delays, 5_000, 0.5)).toMatchObject({ status: "pending", nextAttemptAtMs: 6_000 });
    expect(decideAfterAttempt(failed, auto(2), delays, 5_000, 0.5)).toMatchObject({ status: "pending", nextAttemptAtMs: 15_000 });
    expect(decideAfterAttempt(failed, auto(3), delays, 5_000, 0.5)).toMatchObject({ status: "dead", nextAttemptAtMs: null });
  });

  it("410 ends the delivery and disables the webhook; a refused send ends it without retries", () => {
    expect(decideAfterAttempt({ kind: "gone", status: 410 }, auto(1), delays, 0, 0.5)).toEqual({
      status: "failed",
      nextAttemptAtMs: null,
      disableWebhook: true,
    });
    expect(decideAfterAttempt({ kind: "refused", error: "disabled" }, auto(1), delays, 0, 0.5)).toMatchObject({
      status: "failed",
      disableWebhook: false,
    });
  });

  it("a manual redelivery is one attempt", () => {
    expect(decideAfterAttempt(failed, { failedAttempts: 1, manual: true }, delays, 0, 0.5)).toMatchObject({ status: "failed" });
  });
});
