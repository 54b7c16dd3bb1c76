import type { HealthPolicy, Target } from "../config/schemas.ts";
import { tenantHealth } from "./health-view.ts";
import { planSkips } from "./plan-skips.ts";
import { targetKey } from "./target-health.ts";

/** The breaker's plan for one request, with the targets named for its journal. */
export interface HealthCheck {
  skip: Set<number>;
  /** Indexes of the half-open targets this request probes (one attempt each when another target can serve). */
  probe: Set<number>;
  skipped: Target[];
  probes: Target[];
}

/**
 * Applies a workflow's breaker to a request's targets: reads the isolate's copy of the tenant's
 * health (a subrequest at most once per `HEALTH_FRESH_MS`), plans the skips and takes a probe
 * slot for each half-open target the request may try.
 */
export async function checkHealth(env: Env, tenant: string, targets: readonly Target[], policy: HealthPolicy): Promise<HealthCheck> {
  const nowMs = Date.now();
  const view = await tenantHealth(env, tenant, nowMs);
  const plan = planSkips({
    targets,
    policy,
    health: (key) => view.targets.get(key),
    probesInFlight: (key) => view.probes.get(key) ?? 0,
    nowMs,
  });
  for (const key of plan.probes) view.probes.set(key, (view.probes.get(key) ?? 0) + 1);
  const probeKeys = new Set(plan.probes);
  const probe = new Set(targets.flatMap((t, index) => (probeKeys.has(targetKey(t)) && !plan.skip.has(index) ? [index] : [])));
  return {
    skip: plan.skip,
    probe,
    skipped: targets.filter((_, index) => plan.skip.has(index)),
    probes: targets.filter((t) => probeKeys.has(targetKey(t))),
  };
}
