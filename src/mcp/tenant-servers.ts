import type { ConfigStore } from "../config/config-store.ts";
import type { McpServerRecord, OpenedMcpServer } from "../config/mcp-server-config.ts";
import { openHeaders } from "../config/open-provider.ts";
import type { RequestSecrets } from "../secrets/request-secrets.ts";

/**
 * A tenant's MCP server, unsealed for one request. Its header values join the request's secrets,
 * so nothing the server echoes can carry them into a record or an error.
 */
export async function openMcpServer(
  record: McpServerRecord,
  secretsKey: string | undefined,
  secrets: RequestSecrets,
): Promise<OpenedMcpServer> {
  const { secretHeadersSealed, ...rest } = record;
  const headers = await openHeaders(rest.headers, secretHeadersSealed, secretsKey);
  for (const [name, value] of Object.entries(headers ?? {})) if (secretHeadersSealed?.[name]) secrets.add(value);
  return { ...rest, ...(headers ? { headers } : {}) };
}

/** One server of the tenant by name (null when it has none of that name): only the key's own tenant is ever read. */
export async function tenantServer(
  store: ConfigStore,
  tenant: string,
  name: string,
  secretsKey: string | undefined,
  secrets: RequestSecrets,
): Promise<OpenedMcpServer | null> {
  const record = await store.getMcpServer(tenant, name);
  return record ? openMcpServer(record, secretsKey, secrets) : null;
}
