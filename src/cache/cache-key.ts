import { canonicalJson } from "../json/canonical-json.ts";
import { sha256Hex } from "../secrets/crypto.ts";
import type { ResolvedRoute } from "../workflow/resolve-route.ts";

/** Bumped when the key's inputs change, so old entries are simply never read again. */
export const CACHE_KEY_VERSION = "v1";

/**
 * Request fields that do not change the answer: how it is delivered (`stream`, `stream_options`)
 * and who asked (`user`, an end-user id for abuse monitoring). `model` is replaced by the
 * workflow and its resolved targets.
 */
const EXCLUDED_FIELDS = new Set(["model", "stream", "stream_options", "user"]);

/** What the cache key hashes: everything that changes the answer. */
export function cacheKeyMaterial(tenant: string, route: ResolvedRoute, request: Record<string, unknown>): string {
  const answerFields = Object.fromEntries(Object.entries(request).filter(([field]) => !EXCLUDED_FIELDS.has(field)));
  return canonicalJson({
    version: CACHE_KEY_VERSION,
    tenant,
    workflow: route.name,
    // Switching a workflow to another model must not serve the old model's answers.
    targets: route.targets.map((t) => `${t.provider}/${t.model}`),
    responseSchema: route.responseSchema ?? null,
    // How the contract is sent upstream changes the answer; without a schema the policy is moot.
    contract: route.responseSchema || route.contract.enforceClientSchema ? route.contract : null,
    request: answerFields,
  });
}

/**
 * Where a tenant's entries live: `cache:v1:{tenant}:`, the tenant percent-encoded so it never holds
 * the separator (the identity for every valid tenant name) and one prefix lists exactly its entries.
 */
export function cacheKeyPrefix(tenant: string): string {
  return `cache:${CACHE_KEY_VERSION}:${encodeURIComponent(tenant)}:`;
}

/** The KV key: `cache:v1:{tenant}:{sha256}` (docs/storage.md). */
export async function cacheKey(tenant: string, route: ResolvedRoute, request: Record<string, unknown>): Promise<string> {
  return `${cacheKeyPrefix(tenant)}${await sha256Hex(cacheKeyMaterial(tenant, route, request))}`;
}
