import type { OpenedMcpServer } from "../config/mcp-server-config.ts";
import { MCP_MAX_LIST_PAGES } from "../platform-limits.ts";
import { rememberAnnotations } from "./annotation-memo.ts";
import { answerError, answerResult, RPC, type RpcFailure, rpcFailure } from "./json-rpc.ts";
import { callServer, type ServerCall } from "./server-attempts.ts";
import { toolAllowed } from "./tool-allowlist.ts";
import { namespacedTool } from "./tool-names.ts";
import { upstreamMessage } from "./upstream-request.ts";

/** A tool as a server lists it: its name, and whatever else it says (schema, annotations) passed on. */
interface ListedTool {
  name: string;
  annotations?: unknown;
  [field: string]: unknown;
}

/** What `tools/list` needs besides the servers: how to call one, and the key's allowlist. */
export interface ListContext {
  tenant: string;
  keyAllows: readonly string[] | undefined;
  params: Record<string, unknown> | undefined;
  /** A call to one server for one request (headers, signal, emit), the message given. */
  callOf: (server: OpenedMcpServer, message: Record<string, unknown>, label: string) => ServerCall;
}

/** Lists one server's tools, following its pages (at most `MCP_MAX_LIST_PAGES`). Lists are reads: retryable. */
export async function serverTools(server: OpenedMcpServer, context: ListContext): Promise<ListedTool[] | RpcFailure> {
  const tools: ListedTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MCP_MAX_LIST_PAGES; page++) {
    const params = { ...context.params, ...(cursor ? { cursor } : {}) };
    const result = await callServer(context.callOf(server, upstreamMessage("tools/list", params), "tools/list"));
    if (!result.ok) return result.failure;
    const error = answerError(result.answer);
    if (error) return rpcFailure(RPC.upstreamFailed, "upstream_error", `MCP server '${server.name}': ${error.message}`);
    const answer = answerResult(result.answer) ?? {};
    const listed = answer.tools;
    if (!Array.isArray(listed))
      return rpcFailure(RPC.upstreamFailed, "upstream_failed", `MCP server '${server.name}' listed no tools array.`);
    tools.push(...listed.filter((t): t is ListedTool => typeof t === "object" && t !== null && typeof t.name === "string"));
    const next = answer.nextCursor;
    if (typeof next !== "string" || next === "") break;
    cursor = next;
  }
  return tools;
}

/**
 * `tools/list` across the tenant's servers: each server's tools the key may use, namespaced
 * (`server__tool`). A server that fails is left out and named in the result's `_meta`
 * (`gateway/unavailableServers`), its attempts in the record; when every server fails, the list fails.
 */
export async function listTools(
  servers: OpenedMcpServer[],
  context: ListContext,
): Promise<{ result: Record<string, unknown> } | RpcFailure> {
  const lists = await Promise.all(servers.map((server) => serverTools(server, context)));
  const tools: ListedTool[] = [];
  const unavailable: string[] = [];
  let lastFailure: RpcFailure | null = null;
  lists.forEach((list, i) => {
    const server = servers[i] as OpenedMcpServer;
    if (!Array.isArray(list)) {
      unavailable.push(server.name);
      lastFailure = list;
      return;
    }
    for (const tool of list) {
      if (!toolAllowed(server.name, tool.name, { exposed: server.tools, keyAllows: context.keyAllows })) continue;
      rememberAnnotations(context.tenant, server.name, tool.name, tool.annotations);
      tools.push({ ...tool, name: namespacedTool(server.name, tool.name) });
    }
  });
  if (lastFailure && unavailable.length === servers.length) return lastFailure;
  return { result: { tools, ...(unavailable.length ? { _meta: { "gateway/unavailableServers": unavailable } } : {}) } };
}
