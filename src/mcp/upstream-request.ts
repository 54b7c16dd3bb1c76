import { UPSTREAM_ID } from "./call-upstream.ts";

/** The revision the gateway speaks to a server when the client named none (the SDK's newest pre-2026 one). */
export const DEFAULT_UPSTREAM_VERSION = "2025-11-25";

/** What a client's request tells the gateway about the revision it speaks. */
export interface ClientRevision {
  /** `MCP-Protocol-Version` as the client sent it. */
  header: string | null;
}

/** The JSON-RPC request sent to a server: the client's params as sent (its `_meta` envelope included), the gateway's id. */
export function upstreamMessage(method: string, params: Record<string, unknown> | undefined): Record<string, unknown> {
  return { jsonrpc: "2.0", id: UPSTREAM_ID, method, ...(params === undefined ? {} : { params }) };
}

/** Printable ASCII, the only header values sent as they are. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * The protocol's headers for a server: the client's revision, and for a 2026-07-28 request the
 * standard `Mcp-Method`/`Mcp-Name` headers, derived from the rewritten body (the client's would
 * name the namespaced tool). The server's own headers (credentials) come first and cannot override them.
 */
export function upstreamHeaders(
  own: Record<string, string> | undefined,
  revision: ClientRevision,
  method: string,
  name: string | null,
): Record<string, string> {
  const version = revision.header ?? DEFAULT_UPSTREAM_VERSION;
  const modern = version >= "2026-07-28";
  return {
    ...own,
    "mcp-protocol-version": version,
    ...(modern ? { "mcp-method": method } : {}),
    ...(modern && name !== null && PLAIN.test(name) ? { "mcp-name": name } : {}),
  };
}
