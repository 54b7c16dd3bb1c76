import { namespacedTool } from "./tool-names.ts";

/**
 * Who may see and call a tool. Two lists apply, both deny by default once set:
 * - the server's `tools` (the admin's choice of what the server exposes at all);
 * - the key's `mcpTools`: entries name a whole server (`github`) or one tool (`github__search`).
 * A key without `mcpTools` may use every exposed tool of its tenant; `[]` allows none.
 */
export interface ToolPolicy {
  /** The server's exposed tools (its own names); absent: all of them. */
  exposed?: readonly string[];
  /** The key's allowlist; absent: everything exposed. */
  keyAllows?: readonly string[];
}

/** May this key see (and call) `tool` of `server`? */
export function toolAllowed(server: string, tool: string, policy: ToolPolicy): boolean {
  if (policy.exposed && !policy.exposed.includes(tool)) return false;
  if (!policy.keyAllows) return true;
  return policy.keyAllows.includes(server) || policy.keyAllows.includes(namespacedTool(server, tool));
}

/** May this key reach `server` at all (some tool of it, or its resources and prompts)? */
export function serverAllowed(server: string, keyAllows: readonly string[] | undefined): boolean {
  if (!keyAllows) return true;
  return keyAllows.some((entry) => entry === server || entry.startsWith(namespacedTool(server, "")));
}

/** May this key read `server`'s resources and prompts? Only with the whole server allowed, since they are not tools. */
export function serverWhollyAllowed(server: string, keyAllows: readonly string[] | undefined): boolean {
  return !keyAllows || keyAllows.includes(server);
}
