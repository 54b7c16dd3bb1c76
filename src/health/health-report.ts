import { HEALTH_REPORT_BATCH_MS } from "../platform-limits.ts";
import { observeLocally, providerHealthStub } from "./health-view.ts";
import type { HealthOutcome } from "./target-health.ts";

interface PendingBatch {
  outcomes: HealthOutcome[];
}

/** Per tenant, the outcomes this isolate is gathering for its next report. */
const batches = new Map<string, PendingBatch>();

/**
 * Reports a request's outcomes after its response (settle runs under `waitUntil`): applied to
 * this isolate's copy at once, and sent to the tenant's ProviderHealth object in one call with
 * whatever else this isolate reports within `HEALTH_REPORT_BATCH_MS`, so a busy isolate makes a
 * few calls a second per tenant rather than one per request. The request that opened the batch
 * sends it and resolves once it is stored; a request that joins resolves at once, never awaiting
 * another request's call (`isolate-memory.ts`).
 */
export function reportHealth(env: Env, tenant: string, outcomes: HealthOutcome[]): Promise<void> {
  if (outcomes.length === 0) return Promise.resolve();
  observeLocally(tenant, outcomes);
  const joined = batches.get(tenant);
  if (joined) {
    joined.outcomes.push(...outcomes);
    return Promise.resolve();
  }
  const batch: PendingBatch = { outcomes: [...outcomes] };
  batches.set(tenant, batch);
  return new Promise<void>((resolve) => setTimeout(resolve, HEALTH_REPORT_BATCH_MS)).then(() => {
    batches.delete(tenant);
    return providerHealthStub(env, tenant).report(batch.outcomes);
  });
}
