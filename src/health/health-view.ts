import { IsolateMemory } from "../isolate-memory.ts";
import { HEALTH_FRESH_MS } from "../platform-limits.ts";
import type { ProviderHealth } from "./provider-health-object.ts";
import { applyOutcome, freshHealth, type HealthOutcome, type TargetHealth, targetKey } from "./target-health.ts";

/** An isolate's copy of one tenant's target health. */
export interface TenantHealthView {
  readAt: number;
  targets: Map<string, TargetHealth>;
  /** Half-open probes this isolate let through since the copy was read. */
  probes: Map<string, number>;
}

/** Tenants whose copy an isolate keeps; the oldest go first. */
const MAX_TENANTS = 1_000;
const views = new IsolateMemory<TenantHealthView>(MAX_TENANTS);
/** When this isolate started refreshing a tenant's copy: meanwhile the older copy serves. */
const refreshing = new Map<string, number>();
/** Outcomes seen while a tenant's copy is being read again: applied to the new copy too. */
const seenWhileRefreshing = new Map<string, HealthOutcome[]>();

/** The tenant's ProviderHealth object. */
export function providerHealthStub(env: Env, tenant: string): DurableObjectStub<ProviderHealth> {
  return env.PROVIDER_HEALTH.get(env.PROVIDER_HEALTH.idFromName(tenant));
}

async function readView(env: Env, tenant: string, nowMs: number): Promise<TenantHealthView> {
  const rows = await providerHealthStub(env, tenant).snapshot();
  return { readAt: nowMs, targets: new Map(rows.map((row) => [targetKey(row), row])), probes: new Map() };
}

/**
 * The tenant's target health as this isolate knows it: read from its ProviderHealth object at
 * most once per `HEALTH_FRESH_MS` (one subrequest; none in the common case of a warm isolate),
 * and updated at once by the outcomes this isolate reports. Probe slots reset with each read, so
 * a probe that never reports cannot hold a half-open target shut for longer than the bound.
 * While one request refreshes the copy, the others route on the older one: no request awaits
 * another's read (`isolate-memory.ts`). A failed read routes as if every circuit were closed:
 * the breaker must never stop traffic by itself.
 */
export async function tenantHealth(env: Env, tenant: string, nowMs: number = Date.now()): Promise<TenantHealthView> {
  const fresh = views.get(tenant, HEALTH_FRESH_MS, nowMs);
  if (fresh) return fresh;
  const older = views.get(tenant);
  const since = refreshing.get(tenant);
  if (older && since !== undefined && nowMs - since < HEALTH_FRESH_MS) return older;
  refreshing.set(tenant, nowMs);
  const view = await views.read(
    tenant,
    () =>
      readView(env, tenant, nowMs).catch((error) => {
        console.error(`provider health of '${tenant}' unreadable: ${error instanceof Error ? error.message : String(error)}`);
        return { readAt: nowMs, targets: new Map(), probes: new Map() } satisfies TenantHealthView;
      }),
    HEALTH_FRESH_MS,
    nowMs,
  );
  if (refreshing.get(tenant) === nowMs) {
    refreshing.delete(tenant);
    applyOutcomes(view, seenWhileRefreshing.get(tenant) ?? []);
    seenWhileRefreshing.delete(tenant);
  }
  return view;
}

function applyOutcomes(view: TenantHealthView, outcomes: HealthOutcome[]): void {
  for (const outcome of outcomes) {
    const key = targetKey(outcome);
    const current = view.targets.get(key) ?? freshHealth(outcome, outcome.policy, outcome.at);
    view.targets.set(key, applyOutcome(current, outcome));
    view.probes.delete(key);
  }
}

/** Outcomes this isolate just saw, applied to its copy so its next request routes on them. */
export function observeLocally(tenant: string, outcomes: HealthOutcome[]): void {
  if (refreshing.has(tenant)) seenWhileRefreshing.set(tenant, [...(seenWhileRefreshing.get(tenant) ?? []), ...outcomes]);
  const view = views.get(tenant);
  if (view) applyOutcomes(view, outcomes);
}

/** Drops this isolate's copy of a tenant (its health was just reset through this isolate). */
export function forgetTenantHealth(tenant: string): void {
  views.forget(tenant);
}

/** Test only: forgets every copy, as a fresh isolate would start. */
export function resetIsolateHealth(): void {
  views.clear();
  refreshing.clear();
  seenWhileRefreshing.clear();
}
