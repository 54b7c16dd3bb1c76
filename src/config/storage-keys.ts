/**
 * Key layout of the CONFIG KV namespace (documented in docs/storage.md).
 * Versioned by prefix: a layout change picks a new prefix instead of rewriting entries in place.
 */
export const configKey = {
  tenant: (tenant: string) => `v1:tenant:${tenant}`,
  tenantPrefix: () => "v1:tenant:",
  hostname: (hostname: string) => `v1:host:${hostname.toLowerCase()}`,
  provider: (tenant: string, name: string) => `v1:t:${tenant}:provider:${name}`,
  providerPrefix: (tenant: string) => `v1:t:${tenant}:provider:`,
  workflow: (tenant: string, name: string) => `v1:t:${tenant}:workflow:${name}`,
  workflowPrefix: (tenant: string) => `v1:t:${tenant}:workflow:`,
  /** Lookup of a presented key by its hash: the data plane's auth read. */
  keyByHash: (hash: string) => `v1:keyhash:${hash}`,
  /** The tenant's own listing of its keys. */
  key: (tenant: string, id: string) => `v1:t:${tenant}:key:${id}`,
  keyPrefix: (tenant: string) => `v1:t:${tenant}:key:`,
  /** The tenant's price overrides (one value: replaced as a whole). */
  prices: (tenant: string) => `v1:t:${tenant}:prices`,
  seedMarker: () => "v1:seed:demo",
} as const;
