/**
 * The gateway's own answers to MCP's lifecycle methods: it is the server its clients see. It
 * keeps no session (no `Mcp-Session-Id` is issued, and one sent is ignored), so any isolate can
 * answer any request.
 */

/** The stateless revision (`server/discover`, a `_meta` envelope on every request). */
export const MODERN_REVISION = "2026-07-28";
/** Revisions an `initialize` may negotiate (the SDK's legacy mode), newest first. */
export const LEGACY_REVISIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"] as const;

const SERVER_INFO = { name: "ai-gateway", title: "AI gateway (MCP)", version: "1.0.0" };

/** What the gateway offers: tools, prompts and resources (the union of the tenant's servers'); no list is pushed. */
const CAPABILITIES = { tools: { listChanged: false }, prompts: { listChanged: false }, resources: { listChanged: false } };

/** `initialize`: the client's revision when the gateway speaks it, else its newest legacy one. */
export function initializeResult(params: Record<string, unknown> | undefined) {
  const asked = params?.protocolVersion;
  const version = LEGACY_REVISIONS.find((v) => v === asked) ?? LEGACY_REVISIONS[0];
  return {
    protocolVersion: version,
    capabilities: CAPABILITIES,
    serverInfo: SERVER_INFO,
    instructions: "Tools, prompts and resources of this tenant's MCP servers, named '<server>__<name>'.",
  };
}

/** `server/discover` (2026-07-28): the revisions and capabilities, the server's identity in `_meta`. */
export function discoverResult() {
  return {
    supportedVersions: [MODERN_REVISION],
    capabilities: CAPABILITIES,
    _meta: { "io.modelcontextprotocol/serverInfo": SERVER_INFO },
  };
}

/** Does the request speak the 2026-07-28 revision (its header, or its `_meta` envelope)? */
export function isModernRequest(header: string | null, params: Record<string, unknown> | undefined): boolean {
  const meta = params?._meta as Record<string, unknown> | undefined;
  const claimed = meta?.["io.modelcontextprotocol/protocolVersion"];
  const version = typeof claimed === "string" ? claimed : header;
  return version !== null && version >= MODERN_REVISION;
}

/**
 * A result of the gateway's own in the client's revision: 2026-07-28 results name their kind
 * (`resultType`), and lists carry cache hints: private (a list depends on the key's allowlist)
 * and never fresh for long (`ttlMs: 0`), so a changed allowlist or server shows at once.
 */
export function ownResult(result: Record<string, unknown>, modern: boolean, list = false): Record<string, unknown> {
  if (!modern) return result;
  return { resultType: "complete", ...(list ? { ttlMs: 0, cacheScope: "private" } : {}), ...result };
}
