import type { ResolvedRoute } from "../workflow/resolve-route.ts";
import { type CacheEntry, readCacheEntry } from "./cache-entry.ts";
import { cacheKey } from "./cache-key.ts";
import { type CachePolicy, cachePolicy } from "./cache-policy.ts";
import { heldEntry } from "./held-entries.ts";

/** The cache as one request sees it. */
export interface RequestCache {
  key: string;
  policy: CachePolicy;
  ttlSeconds: number;
  status: "HIT" | "MISS" | "BYPASS";
  hit: CacheEntry | null;
}

/** Looks the request up when its workflow caches (null when it does not): an entry still being written in this isolate, else KV. */
export async function lookupCache(
  kv: KVNamespace,
  tenant: string,
  route: ResolvedRoute,
  request: Record<string, unknown>,
  cacheControl: string | undefined,
): Promise<RequestCache | null> {
  if (!route.cache) return null;
  const policy = cachePolicy(cacheControl);
  const key = await cacheKey(tenant, route, request);
  const hit = policy.read ? (heldEntry(key) ?? (await readCacheEntry(kv, key))) : null;
  return { key, policy, ttlSeconds: route.cache.ttlSeconds, status: hit ? "HIT" : policy.missStatus, hit };
}
