import { describe, expect, it } from "vitest";
import { retryPolicy } from "../config/schemas.ts";
import { attemptFailure } from "./attempt-failure.ts";
import { backoffDelayMs } from "./backoff.ts";
import { classifyFailure } from "./classify-failure.ts";
import { isContentBearing } from "./commit-rule.ts";
import { decideNextStep } from "./decide-next.ts";
import { parseRetryAfterMs } from "./retry-after.ts";

const http = (status: number) => attemptFailure("http_status", `HTTP ${status}`, { status });

describe("classifyFailure", () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 529])("retries transient HTTP %i", (status) => {
    expect(classifyFailure(http(status))).toBe("retry");
  });
  it.each([401, 403, 404, 402])("moves to the next target on HTTP %i without retrying", (status) => {
    expect(classifyFailure(http(status))).toBe("next_target");
  });
  it.each([400, 413, 422])("fails closed on HTTP %i: the request itself is wrong", (status) => {
    expect(classifyFailure(http(status))).toBe("fail_closed");
  });
  it.each(["network", "error_event", "invalid_response", "ended_before_output"] as const)("retries %s", (kind) => {
    expect(classifyFailure(attemptFailure(kind, "x"))).toBe("retry");
  });
  it("moves on after a timeout before the first event, unless the workflow says onTimeout: same", () => {
    const timeout = attemptFailure("first_event_timeout", "x");
    expect(classifyFailure(timeout)).toBe("next_target");
    expect(classifyFailure(timeout, { onTimeout: "next" })).toBe("next_target");
    expect(classifyFailure(timeout, { onTimeout: "same" })).toBe("retry");
  });
  it("moves on after a context-window refusal, and refuses when no target is left", () => {
    const refusal = attemptFailure("context_window_exceeded", "HTTP 400", { status: 400 });
    expect(classifyFailure(refusal)).toBe("next_target_or_refuse");
  });
  it("moves on when the provider is missing", () => {
    expect(classifyFailure(attemptFailure("provider_missing", "x"))).toBe("next_target");
  });
});

describe("decideNextStep", () => {
  const base = {
    action: "retry" as const,
    attemptOfTarget: 1,
    maxAttempts: 3,
    retryAfterMs: null,
    backoffMs: 100,
    remainingMs: 10_000,
    hasNextTarget: true,
  };
  it("retries with the backoff while attempts remain", () => {
    expect(decideNextStep(base)).toEqual({ kind: "retry", delayMs: 100 });
  });
  it("honours a longer Retry-After", () => {
    expect(decideNextStep({ ...base, retryAfterMs: 2_000 })).toEqual({ kind: "retry", delayMs: 2_000 });
  });
  it("moves on at once when Retry-After exceeds the time left", () => {
    expect(decideNextStep({ ...base, retryAfterMs: 20_000 })).toEqual({ kind: "fallback" });
    expect(decideNextStep({ ...base, retryAfterMs: 20_000, hasNextTarget: false })).toEqual({ kind: "fail" });
  });
  it("falls back after the last attempt on a target, fails after the last target", () => {
    expect(decideNextStep({ ...base, attemptOfTarget: 3 })).toEqual({ kind: "fallback" });
    expect(decideNextStep({ ...base, attemptOfTarget: 3, hasNextTarget: false })).toEqual({ kind: "fail" });
  });
  it("a failed half-open probe moves on at once while a later target can serve", () => {
    expect(decideNextStep({ ...base, probe: true })).toEqual({ kind: "fallback" });
    expect(decideNextStep({ ...base, probe: false })).toEqual({ kind: "retry", delayMs: 100 });
  });
  it("never retries or falls back when failing closed", () => {
    expect(decideNextStep({ ...base, action: "fail_closed" })).toEqual({ kind: "fail" });
  });
  it("skips retries for next_target", () => {
    expect(decideNextStep({ ...base, action: "next_target" })).toEqual({ kind: "fallback" });
  });
  it("a context-window refusal never retries its target: the next one, else the end", () => {
    expect(decideNextStep({ ...base, action: "next_target_or_refuse" })).toEqual({ kind: "fallback" });
    expect(decideNextStep({ ...base, action: "next_target_or_refuse", hasNextTarget: false })).toEqual({ kind: "fail" });
  });
});

describe("backoffDelayMs", () => {
  const policy = retryPolicy.parse({ initialBackoffMs: 100, maxBackoffMs: 1_000 });
  it("grows exponentially with jitter between half and all of the step", () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(300);
  });
  it("is capped", () => {
    expect(backoffDelayMs(20, policy, () => 1)).toBe(1_000);
  });
});

describe("parseRetryAfterMs", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2_000);
    expect(parseRetryAfterMs(new Headers({ "retry-after-ms": "150", "retry-after": "9" }))).toBe(150);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3_000);
  });
  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfterMs(new Headers())).toBeNull();
    expect(parseRetryAfterMs(new Headers({ "retry-after": "soon" }))).toBeNull();
  });
});

describe("isContentBearing (the commit rule)", () => {
  const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null, choices = true) => ({
    id: "c",
    object: "chat.completion.chunk" as const,
    created: 0,
    model: "m",
    choices: choices ? [{ index: 0, delta, finish_reason }] : [],
  });
  it("holds preamble: role-only deltas, empty content, usage-only chunks", () => {
    expect(isContentBearing(chunk({ role: "assistant", content: "" }))).toBe(false);
    expect(isContentBearing(chunk({ role: "assistant", content: null, refusal: null }))).toBe(false);
    expect(isContentBearing(chunk({}, null, false))).toBe(false);
  });
  it("commits on text, tool calls, refusals, other delta fields and finish reasons", () => {
    expect(isContentBearing(chunk({ content: "Hi" }))).toBe(true);
    expect(isContentBearing(chunk({ tool_calls: [{ index: 0, function: { name: "f" } }] }))).toBe(true);
    expect(isContentBearing(chunk({ refusal: "no" }))).toBe(true);
    expect(isContentBearing(chunk({ reasoning_content: "thinking" }))).toBe(true);
    expect(isContentBearing(chunk({}, "stop"))).toBe(true);
  });
});
