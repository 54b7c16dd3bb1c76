import { cacheKeyPrefix } from "../cache/cache-key.ts";
import { type ConfigStore, deleteInBatches, listKeyNames } from "../config/config-store.ts";
import type { TenantRecord } from "../config/schemas.ts";
import { allIndexShards } from "../logs/index-shards.ts";

/** What a tenant deletion removed at once, and what it left to the background. */
export interface TenantDeletion {
  name: string;
  deleted: true;
  keysRevoked: number;
  configEntriesDeleted: number;
  /** Cache entries and the log index are removed after the response (`waitUntil`). */
  scheduled: Array<"cache" | "log_index">;
}

/**
 * Deletes a tenant: its keys stop at once (their by-hash lookups are deleted before anything else,
 * so the data plane needs no extra read to notice), then its providers, workflows, prices,
 * hostnames and record. Its cache entries and log index shards go in the background; its request
 * records are unreachable from then on (the admin API answers only for existing tenants, and only
 * records newer than the tenant) and expire with log retention.
 */
export async function deleteTenant(
  env: Pick<Env, "CACHE" | "LOG_INDEX">,
  store: ConfigStore,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  tenant: TenantRecord,
): Promise<TenantDeletion> {
  const { keys, entries } = await store.deleteTenant(tenant);
  ctx.waitUntil(purgeCache(env.CACHE, tenant.name));
  ctx.waitUntil(purgeLogIndex(env.LOG_INDEX, tenant.name));
  return { name: tenant.name, deleted: true, keysRevoked: keys, configEntriesDeleted: entries, scheduled: ["cache", "log_index"] };
}

async function purgeCache(cache: KVNamespace, tenant: string): Promise<void> {
  await deleteInBatches(cache, await listKeyNames(cache, cacheKeyPrefix(tenant)));
}

async function purgeLogIndex(index: Env["LOG_INDEX"], tenant: string): Promise<void> {
  await Promise.all(allIndexShards(tenant).map((shard) => index.get(index.idFromName(shard)).purge()));
}
