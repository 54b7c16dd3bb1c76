/**
 * Namespacing of tools across a tenant's MCP servers: `server__tool`. MCP has no namespace of its
 * own, so the server's name prefixes each tool; server names never contain `__`, so the first
 * `__` always ends the server's part (a tool's own name may contain it).
 */
export const TOOL_SEPARATOR = "__";

/** The name a client sees for `tool` of `server`. */
export function namespacedTool(server: string, tool: string): string {
  return `${server}${TOOL_SEPARATOR}${tool}`;
}

/** The server and its own tool name from a namespaced name; null when it has no server part. */
export function splitToolName(name: string): { server: string; tool: string } | null {
  const at = name.indexOf(TOOL_SEPARATOR);
  if (at <= 0 || at + TOOL_SEPARATOR.length >= name.length) return null;
  return { server: name.slice(0, at), tool: name.slice(at + TOOL_SEPARATOR.length) };
}
