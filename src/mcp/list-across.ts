import type { OpenedMcpServer } from "../config/mcp-server-config.ts";
import { MCP_LIST_CONCURRENCY, MCP_MAX_LIST_PAGES, PUBLIC_REASON_MAX_CHARS } from "../platform-limits.ts";
import { rememberAnnotations } from "./annotation-memo.ts";
import { answerError, answerResult, RPC, type RpcFailure, rpcFailure } from "./json-rpc.ts";
import { callServer, type ServerCall } from "./server-attempts.ts";
import { serverWhollyAllowed, toolAllowed } from "./tool-allowlist.ts";
import { namespacedTool } from "./tool-names.ts";
import { upstreamMessage } from "./upstream-request.ts";

/** An item as a server lists it (a tool, prompt, resource or template): passed on as listed, its key field namespaced. */
export interface ListedItem {
  [field: string]: unknown;
}

/** What a list needs besides the servers: how to call one, and the key's allowlist. */
export interface ListContext {
  tenant: string;
  keyAllows: readonly string[] | undefined;
  params: Record<string, unknown> | undefined;
  /** A call to one server for one request (headers, signal, emit), the message given. */
  callOf: (server: OpenedMcpServer, message: Record<string, unknown>, label: string) => ServerCall;
}

/** One of MCP's lists, as the gateway merges it across servers. */
export interface ListKind {
  method: "tools/list" | "prompts/list" | "resources/list" | "resources/templates/list";
  /** The result's array (`tools`, `prompts`, …). */
  field: string;
  /** The item's field that names it, namespaced `server__…` in the merged list. */
  key: "name" | "uri" | "uriTemplate";
  /** May the key see this item? */
  visible(server: OpenedMcpServer, own: string, keyAllows: readonly string[] | undefined): boolean;
}

/** Prompts and resources are not tools: only a key allowed the whole server sees them. */
const wholeServer = (server: OpenedMcpServer, _own: string, keyAllows: readonly string[] | undefined) =>
  serverWhollyAllowed(server.name, keyAllows);

export const LISTS = {
  tools: {
    method: "tools/list",
    field: "tools",
    key: "name",
    visible: (server, own, keyAllows) => toolAllowed(server.name, own, { exposed: server.tools, keyAllows }),
  },
  prompts: { method: "prompts/list", field: "prompts", key: "name", visible: wholeServer },
  resources: { method: "resources/list", field: "resources", key: "uri", visible: wholeServer },
  templates: { method: "resources/templates/list", field: "resourceTemplates", key: "uriTemplate", visible: wholeServer },
} as const satisfies Record<string, ListKind>;

/**
 * One server's items, following its pages (at most `MCP_MAX_LIST_PAGES`). Lists are reads:
 * retryable. A server that does not offer the list (`-32601`) has none.
 */
export async function serverList(server: OpenedMcpServer, kind: ListKind, context: ListContext): Promise<ListedItem[] | RpcFailure> {
  const items: ListedItem[] = [];
  // The merged list is one page: a client's cursor means nothing to a server.
  const { cursor: _clientCursor, ...base } = context.params ?? {};
  let cursor: string | undefined;
  for (let page = 0; page < MCP_MAX_LIST_PAGES; page++) {
    const params = { ...base, ...(cursor ? { cursor } : {}) };
    const result = await callServer(context.callOf(server, upstreamMessage(kind.method, params), kind.method));
    if (!result.ok) return result.failure;
    const error = answerError(result.answer);
    if (error?.code === RPC.methodNotFound) return items;
    if (error)
      return rpcFailure(
        RPC.upstreamFailed,
        "upstream_error",
        `MCP server '${server.name}': ${String(error.message).slice(0, PUBLIC_REASON_MAX_CHARS)}`,
      );
    const answer = answerResult(result.answer) ?? {};
    const listed = answer[kind.field];
    if (!Array.isArray(listed))
      return rpcFailure(RPC.upstreamFailed, "upstream_failed", `MCP server '${server.name}' listed no '${kind.field}'.`);
    items.push(
      ...listed.filter((item): item is ListedItem => typeof item === "object" && item !== null && typeof item[kind.key] === "string"),
    );
    const next = answer.nextCursor;
    if (typeof next !== "string" || next === "") break;
    cursor = next;
  }
  return items;
}

/**
 * A list across the tenant's servers: each server's items the key may see, namespaced
 * (`server__name`). A server that fails is left out and named in the result's `_meta`
 * (`gateway/unavailableServers`), its attempts in the record; when every server fails, the list fails.
 */
export async function listAcross(
  servers: OpenedMcpServer[],
  kind: ListKind,
  context: ListContext,
): Promise<{ result: Record<string, unknown> } | RpcFailure> {
  // A few servers at a time: a Worker holds at most six connections open, and an attempt's timer
  // starts before its fetch waits for one.
  const lists: Array<ListedItem[] | RpcFailure> = [];
  for (let i = 0; i < servers.length; i += MCP_LIST_CONCURRENCY)
    lists.push(...(await Promise.all(servers.slice(i, i + MCP_LIST_CONCURRENCY).map((server) => serverList(server, kind, context)))));
  const items: ListedItem[] = [];
  const unavailable: string[] = [];
  let lastFailure: RpcFailure | null = null;
  lists.forEach((list, i) => {
    const server = servers[i] as OpenedMcpServer;
    if (!Array.isArray(list)) {
      unavailable.push(server.name);
      lastFailure = list;
      return;
    }
    for (const item of list) {
      const own = item[kind.key] as string;
      if (!kind.visible(server, own, context.keyAllows)) continue;
      if (kind === LISTS.tools) rememberAnnotations(context.tenant, server.name, own, item.annotations);
      items.push({ ...item, [kind.key]: namespacedTool(server.name, own) });
    }
  });
  if (lastFailure && unavailable.length === servers.length) return lastFailure;
  return { result: { [kind.field]: items, ...(unavailable.length ? { _meta: { "gateway/unavailableServers": unavailable } } : {}) } };
}
