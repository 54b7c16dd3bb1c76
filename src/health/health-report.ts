import { HEALTH_REPORT_BATCH_MS } from "../platform-limits.ts";
import { observeLocally, providerHealthStub } from "./health-view.ts";
import type { HealthOutcome } from "./target-health.ts";

interface PendingBatch {
  outcomes: HealthOutcome[];
  sent: Promise<void>;
}

/** Per tenant, the outcomes this isolate is gathering for its next report. */
const batches = new Map<string, PendingBatch>();

/**
 * Reports a request's outcomes after its response (settle runs under `waitUntil`): applied to
 * this isolate's copy at once, and sent to the tenant's ProviderHealth object in one call with
 * whatever else this isolate reports within `HEALTH_REPORT_BATCH_MS`, so a busy isolate makes a
 * few calls a second per tenant rather than one per request. Resolves once the batch is stored.
 */
export function reportHealth(env: Env, tenant: string, outcomes: HealthOutcome[]): Promise<void> {
  if (outcomes.length === 0) return Promise.resolve();
  const local = observeLocally(tenant, outcomes);
  let batch = batches.get(tenant);
  if (!batch) {
    const created: PendingBatch = {
      outcomes: [],
      sent: new Promise<void>((resolve) => setTimeout(resolve, HEALTH_REPORT_BATCH_MS)).then(() => {
        batches.delete(tenant);
        return providerHealthStub(env, tenant).report(created.outcomes);
      }),
    };
    batch = created;
    batches.set(tenant, batch);
  }
  batch.outcomes.push(...outcomes);
  return Promise.all([local, batch.sent]).then(() => undefined);
}
