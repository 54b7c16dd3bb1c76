import type { KeyRecord } from "../config/schemas.ts";
import { GatewayError } from "../http/gateway-error.ts";

/** The usage object of a key. */
export function keyUsageStub(env: Env, key: Pick<KeyRecord, "tenant" | "id">) {
  return env.KEY_USAGE.get(env.KEY_USAGE.idFromName(`${key.tenant}:${key.id}`));
}

/** Last-used writes for unlimited keys are throttled per isolate: at most one per key per minute. */
const TOUCH_EVERY_MS = 60_000;
const lastTouch = new Map<string, number>();

/** Records "last used" off the hot path (limited keys record it during admission instead). */
export function touchKey(env: Env, key: KeyRecord, ctx: { waitUntil(p: Promise<unknown>): void }, nowMs: number): void {
  const previous = lastTouch.get(key.id) ?? 0;
  if (nowMs - previous < TOUCH_EVERY_MS) return;
  lastTouch.set(key.id, nowMs);
  if (lastTouch.size > 10_000) lastTouch.delete(lastTouch.keys().next().value as string);
  ctx.waitUntil(keyUsageStub(env, key).touch(nowMs));
}

/**
 * Admits a request against its key's limits (one Durable Object call, only for keys that have
 * limits); a refusal is a 429 naming the limit, with `retry-after`.
 */
export async function enforceKeyLimits(env: Env, key: KeyRecord, nowMs: number): Promise<void> {
  if (!key.limits || (key.limits.requestsPerMinute === undefined && key.limits.monthlyBudgetUsd === undefined)) return;
  const verdict = await keyUsageStub(env, key).admit(key.limits, nowMs);
  if (verdict.ok) return;
  const budget = verdict.limit === "monthly_budget";
  throw new GatewayError({
    status: 429,
    type: "rate_limit_error",
    code: budget ? "budget_exceeded" : "rate_limit_exceeded",
    publicMessage: budget
      ? `This key has spent its monthly budget of $${key.limits.monthlyBudgetUsd}; it resets at the start of next month (UTC).`
      : `This key is limited to ${key.limits.requestsPerMinute} requests per minute.`,
    headers: { "retry-after": String(verdict.retryAfterSeconds) },
  });
}
