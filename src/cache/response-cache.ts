import type { ChatRequest } from "../chat/chat-request.ts";
import { SSE_HEADERS } from "../http/headers.ts";
import type { ResolvedRoute } from "../workflow/resolve-route.ts";
import { type CacheEntry, readCacheEntry } from "./cache-entry.ts";
import { cacheKey } from "./cache-key.ts";
import { type CachePolicy, cachePolicy } from "./cache-policy.ts";
import { replayAsSse } from "./replay.ts";

/** The cache as one request sees it. */
export interface RequestCache {
  key: string;
  policy: CachePolicy;
  ttlSeconds: number;
  status: "HIT" | "MISS" | "BYPASS";
  hit: CacheEntry | null;
}

/** Looks the request up when its workflow caches (null when it does not). */
export async function lookupCache(
  kv: KVNamespace,
  tenant: string,
  route: ResolvedRoute,
  request: ChatRequest,
  cacheControl: string | undefined,
): Promise<RequestCache | null> {
  if (!route.cache) return null;
  const policy = cachePolicy(cacheControl);
  const key = await cacheKey(tenant, route, request);
  const hit = policy.read ? await readCacheEntry(kv, key) : null;
  return { key, policy, ttlSeconds: route.cache.ttlSeconds, status: hit ? "HIT" : policy.missStatus, hit };
}

/** A hit, served the way the client asked: JSON, or a valid SSE stream ending in `[DONE]`. */
export function replayResponse(entry: CacheEntry, stream: boolean, includeUsage: boolean, headers: Record<string, string>): Response {
  if (stream) return new Response(replayAsSse(entry.completion, includeUsage), { headers: { ...SSE_HEADERS, ...headers } });
  return Response.json(entry.completion, { headers });
}
