/**
 * Key layout of the CONFIG KV namespace (documented in docs/storage.md).
 * Versioned by prefix: a layout change picks a new prefix instead of rewriting entries in place.
 *
 * Every name is one segment, percent-encoded (`encodeURIComponent`), so a segment never contains
 * `:`, the separator: no name can make its key read as another tenant's or another kind's. For
 * every name the admin API accepts the encoding is the identity, so entries written before it
 * keep their keys.
 */
const seg = (name: string) => encodeURIComponent(name);

export const configKey = {
  tenant: (tenant: string) => `v1:tenant:${seg(tenant)}`,
  tenantPrefix: () => "v1:tenant:",
  hostname: (hostname: string) => `v1:host:${seg(hostname.toLowerCase())}`,
  /** Everything a tenant owns in CONFIG except its key-hash lookups and hostnames. */
  tenantScope: (tenant: string) => `v1:t:${seg(tenant)}:`,
  provider: (tenant: string, name: string) => `v1:t:${seg(tenant)}:provider:${seg(name)}`,
  providerPrefix: (tenant: string) => `v1:t:${seg(tenant)}:provider:`,
  workflow: (tenant: string, name: string) => `v1:t:${seg(tenant)}:workflow:${seg(name)}`,
  workflowPrefix: (tenant: string) => `v1:t:${seg(tenant)}:workflow:`,
  webhook: (tenant: string, name: string) => `v1:t:${seg(tenant)}:webhook:${seg(name)}`,
  webhookPrefix: (tenant: string) => `v1:t:${seg(tenant)}:webhook:`,
  /** The tenant's upstream MCP servers (README "MCP gateway"). */
  mcpServer: (tenant: string, name: string) => `v1:t:${seg(tenant)}:mcp:${seg(name)}`,
  mcpServerPrefix: (tenant: string) => `v1:t:${seg(tenant)}:mcp:`,
  /** Lookup of a presented key by its hash: the data plane's auth read. */
  keyByHash: (hash: string) => `v1:keyhash:${seg(hash)}`,
  /** The tenant's own listing of its keys. */
  key: (tenant: string, id: string) => `v1:t:${seg(tenant)}:key:${seg(id)}`,
  keyPrefix: (tenant: string) => `v1:t:${seg(tenant)}:key:`,
  /** The tenant's price overrides (one value: replaced as a whole). */
  prices: (tenant: string) => `v1:t:${seg(tenant)}:prices`,
  /** The tenant's OpenTelemetry exporter (one value). */
  telemetry: (tenant: string) => `v1:t:${seg(tenant)}:telemetry`,
  seedMarker: () => "v1:seed:demo",
} as const;

/**
 * Is `key` exactly one segment below `prefix`? Listings use it to skip entries that only share the
 * prefix: ones written before segments were encoded under a name containing `:`.
 */
export function isDirectChild(key: string, prefix: string): boolean {
  return key.startsWith(prefix) && !key.slice(prefix.length).includes(":");
}
