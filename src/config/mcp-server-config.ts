import { z } from "zod";
import { MAX_PROVIDER_HEADERS } from "../platform-limits.ts";
import { headerName, resourceName } from "./name-grammar.ts";
import { providerHeaders } from "./schemas.ts";
import { urlCredentialProblem } from "./url-credentials.ts";

/** Longest MCP server URL accepted. */
const MCP_URL_MAX_CHARS = 2_048;

/** An MCP server URL's grammar: http(s), no credentials in it. Where it may point is `webhook-url.ts`'s rule, checked by the caller. */
const mcpUrl = z
  .url({ protocol: /^https?$/ })
  .max(MCP_URL_MAX_CHARS)
  .superRefine((url, ctx) => {
    const problem = urlCredentialProblem(url);
    if (problem) ctx.addIssue({ code: "custom", message: `url ${problem}` });
  });

/** A server's name: a resource name without `__`, the separator of namespaced tools (`mcp/tool-names.ts`). */
export const mcpServerName = resourceName.refine((name) => !name.includes("__"), "an MCP server's name must not contain '__'");

/** A tool's own name as a server lists it (MCP: 1-128 characters). */
const toolName = z.string().min(1).max(128);

/**
 * An upstream MCP server of a tenant, as the admin API takes it (README "MCP gateway"). Headers
 * are sealed like a provider's (credential names, or those named in `secretHeaders`).
 */
export const mcpServerInput = z.strictObject({
  url: mcpUrl,
  /** The same server elsewhere: tried in order when a retryable call fails before any result. */
  backupUrls: z.array(mcpUrl).max(3).optional(),
  headers: providerHeaders.optional(),
  secretHeaders: z.array(headerName).max(MAX_PROVIDER_HEADERS).optional(),
  /** How long one attempt waits for the server's whole answer. */
  timeoutMs: z.int().min(100).max(300_000).default(30_000),
  /** The tools exposed through the gateway (the server's own names); absent: all it lists. */
  tools: z.array(toolName).max(500).optional(),
  /** Tools safe to call twice although the server does not annotate them so. */
  idempotentTools: z.array(toolName).max(500).optional(),
  /** `metadata` keeps arguments and results out of the record. */
  logContent: z.enum(["full", "metadata"]).default("full"),
});
export type McpServerInput = z.infer<typeof mcpServerInput>;

/** A stored MCP server: secret headers only sealed, with fingerprints (as a provider's). */
export type McpServerRecord = Omit<McpServerInput, "headers"> & {
  name: string;
  updatedAt: string;
  headers?: Record<string, string>;
  secretHeadersSealed?: Record<string, string>;
  secretHeaderFingerprints?: Record<string, string>;
};

/** An MCP server ready to call: its headers unsealed, in memory only. */
export type OpenedMcpServer = Omit<McpServerRecord, "secretHeadersSealed">;

/** An MCP server as the admin API shows it: sealed values never leave. */
export function publicMcpServer({ secretHeadersSealed: _sealed, ...shown }: McpServerRecord) {
  return shown;
}
