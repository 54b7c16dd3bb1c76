import type { RequestSecrets } from "../auth/request-secrets.ts";
import { isCacheable, writeCacheEntry } from "../cache/cache-entry.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import { ConfigStore } from "../config/config-store.ts";
import { healthOutcomes } from "../health/health-outcomes.ts";
import { reportHealth } from "../health/health-report.ts";
import { indexShardFor } from "../logs/index-shards.ts";
import { type LogWrite, summarize } from "../logs/log-record.ts";
import { priceUsage } from "../pricing/price-book.ts";
import { keyUsageStub } from "../quotas/key-usage.ts";
import type { JournalState } from "./journal-state.ts";
import { pricedTarget, recordOf, usageOf } from "./request-record.ts";

/** The complete answer of a request that may be cached now, or null. */
function cacheableAnswer(state: JournalState): ChatCompletion | null {
  if (!state.cacheSlot || state.cacheHit || state.ended?.outcome !== "completed") return null;
  const answer = state.answer ?? (state.delivered && !state.delivered.overflowed ? state.delivered.completion() : null);
  return answer && isCacheable(answer) ? answer : null;
}

/** The write with every secret the request used removed, from the record, its bodies and its chunks. */
function redactedWrite(write: LogWrite, secrets: RequestSecrets): LogWrite {
  return {
    record: secrets.redactJson(write.record),
    requestJson: secrets.redact(write.requestJson),
    attemptBodiesJson: write.attemptBodiesJson.map((body) => secrets.redact(body)),
    chunks: write.chunks.map((chunk) => ({ atMs: chunk.atMs, data: secrets.redact(chunk.data) })),
  };
}

/** Prices the request once: the target's provider type came with the events, the tenant's overrides from the price book. */
async function price(env: Env, state: JournalState) {
  const usage = usageOf(state);
  const priced = pricedTarget(state);
  if (!usage || !priced || !state.tenant) return { usage, price: null };
  const tenant = state.tenant;
  const overrides = await new ConfigStore(env.CONFIG).getPrices(tenant);
  return { usage, price: await priceUsage(overrides, priced.target, priced.providerType, usage) };
}

/**
 * The one place a request's end is written, after the client has its answer: the record (in
 * the request's own object), its index entry, a budgeted key's spend, the cache entry and, for a
 * workflow with a breaker, its targets' health outcomes. Budgets
 * and cache do not depend on `LOG_REQUESTS`; only the record and index do.
 */
export async function settle(env: Env, state: JournalState, secrets: RequestSecrets): Promise<void> {
  // First, before any await: this isolate's next request already routes on these outcomes.
  const health =
    state.healthPolicy && state.tenant ? reportHealth(env, state.tenant, healthOutcomes(state, state.healthPolicy, Date.now())) : null;
  const { usage, price: priced } = await price(env, state);
  const entry = redactedWrite(recordOf(state, usage, priced), secrets);
  const { record } = entry;
  const writes: Promise<unknown>[] = health ? [health] : [];
  // A stored response lives in the request's own object, written with the record in one call.
  const storedResponseJson =
    state.storedResponse && state.tenant ? secrets.redact(JSON.stringify({ tenant: state.tenant, ...state.storedResponse })) : null;
  if ((env.LOG_REQUESTS as string) !== "false") {
    writes.push(env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(record.id)).write({ ...entry, storedResponseJson }));
    if (record.tenant)
      writes.push(env.LOG_INDEX.get(env.LOG_INDEX.idFromName(indexShardFor(record.tenant, record.id))).add(summarize(record)));
  } else if (storedResponseJson) {
    // A response the client asked to keep is kept even when request logging is off.
    writes.push(env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(record.id)).storeResponse(storedResponseJson));
  }
  // Only a budget needs a durable running sum; other keys' spend is summed from the index on read.
  if (state.budgeted && state.tenant && state.keyId && record.costUsd)
    writes.push(keyUsageStub(env, { tenant: state.tenant, id: state.keyId }).addSpend(record.costUsd, state.receivedAt));
  const answer = cacheableAnswer(state);
  if (answer && state.cacheSlot && state.servedBy) {
    const stored = {
      completion: answer,
      servedBy: state.servedBy,
      providerType: state.servedProviderType,
      storedAt: new Date().toISOString(),
    };
    writes.push(writeCacheEntry(env.CACHE, state.cacheSlot.key, stored, state.cacheSlot.ttlSeconds));
  }
  const failures = (await Promise.allSettled(writes)).filter((r): r is PromiseRejectedResult => r.status === "rejected");
  for (const failure of failures)
    console.error(
      `[${state.id}] settle: a write failed: ${secrets.redact(failure.reason instanceof Error ? failure.reason.message : String(failure.reason))}`,
    );
}
