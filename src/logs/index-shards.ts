import { LOG_INDEX_SHARDS } from "../platform-limits.ts";
import { type RequestLogRecord, summarize } from "./log-record.ts";

/** FNV-1a, 32-bit: a cheap, stable spread of request ids over shards. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The index shard (Durable Object name) a request's summary lives in. */
export function indexShardFor(tenant: string, requestId: string): string {
  return `${tenant}#${fnv1a(requestId) % LOG_INDEX_SHARDS}`;
}

/** Every index shard of a tenant, for listing. */
export function allIndexShards(tenant: string): string[] {
  return Array.from({ length: LOG_INDEX_SHARDS }, (_, shard) => `${tenant}#${shard}`);
}

/** Adds a record's summary to its tenant's index shard (a record without a tenant has no index). */
export async function addToIndex(env: Pick<Env, "LOG_INDEX">, record: RequestLogRecord): Promise<void> {
  if (!record.tenant) return;
  await env.LOG_INDEX.get(env.LOG_INDEX.idFromName(indexShardFor(record.tenant, record.id))).add(summarize(record));
}
