import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { modelName } from "../config/name-grammar.ts";
import { forgetTenantHealth, providerHealthStub } from "../health/health-view.ts";
import { circuitState, p50FirstEventMs, type TargetHealth, targetKey, windowOutcomes } from "../health/target-health.ts";
import { notFound } from "../http/gateway-error.ts";
import { nameParam, pathParam, requireTenant } from "./admin-helpers.ts";

/** A target's health as the API shows it: its circuit now, and the window's evidence. */
function publicHealth(health: TargetHealth, nowMs: number) {
  const recent = windowOutcomes(health, health.policy.windowMs, nowMs);
  const failures = recent.filter((r) => !r.ok).length;
  return {
    provider: health.provider,
    model: health.model,
    state: circuitState(health, health.policy.openMs, nowMs),
    openedAt: health.openedAt === null ? null : new Date(health.openedAt).toISOString(),
    lastFailureAt: health.lastFailureAt === null ? null : new Date(health.lastFailureAt).toISOString(),
    window: { ms: health.policy.windowMs, outcomes: recent.length, failures, failureRatio: recent.length ? failures / recent.length : 0 },
    p50FirstEventMs: p50FirstEventMs(health),
    updatedAt: new Date(health.updatedAt).toISOString(),
  };
}

/**
 * `/admin/v1/tenants/{tenant}/health`: the circuit of every target the tenant's breakers have
 * seen (one ProviderHealth call); `POST …/health/{provider}/{model}/reset` closes one, forgetting its
 * evidence. The model is the path's rest (model names may hold slashes), so the path stays unambiguous.
 */
export const healthRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    const nowMs = Date.now();
    const rows = await providerHealthStub(c.env, tenant.name).snapshot();
    return c.json({ object: "list", data: rows.map((row) => publicHealth(row, nowMs)) });
  })
  .post("/:provider/:model{.+}/reset", async (c) => {
    const tenant = await requireTenant(c);
    const provider = nameParam(c, "provider");
    const model = pathParam(c, "model", modelName);
    const key = targetKey({ provider, model });
    const reset = await providerHealthStub(c.env, tenant.name).reset(key);
    // This isolate routes on the reset at once; others within HEALTH_FRESH_MS.
    forgetTenantHealth(tenant.name);
    if (!reset) throw notFound(`No health is recorded for '${key}'.`, "target_not_found");
    return c.json({ provider, model, reset: true });
  });
