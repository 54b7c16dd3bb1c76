import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import type { OpenedMcpServer } from "../config/mcp-server-config.ts";
import { rpcFailureResponse, rpcResponse } from "../doors/mcp/mcp-error.ts";
import { discoverResult, initializeResult, isModernRequest, ownResult } from "../doors/mcp/mcp-lifecycle.ts";
import { parseRpc } from "../doors/mcp/mcp-parse.ts";
import type { GatewayErrorType } from "../http/gateway-error.ts";
import type { RequestJournal } from "../journal/request-journal.ts";
import { bodyJson } from "../logs/log-record.ts";
import { callTool } from "../mcp/call-tool.ts";
import {
  answerError,
  answerResult,
  passedOn,
  RPC,
  type RpcFailure,
  type RpcId,
  type RpcMessage,
  rpcFailure,
  rpcResultBody,
} from "../mcp/json-rpc.ts";
import { LISTS, type ListContext, type ListKind, listAcross } from "../mcp/list-across.ts";
import { callServer, MCP_PROVIDER_TYPE } from "../mcp/server-attempts.ts";
import { openMcpServer, tenantServer } from "../mcp/tenant-servers.ts";
import { serverAllowed, serverWhollyAllowed, toolAllowed } from "../mcp/tool-allowlist.ts";
import { namespacedTool, splitToolName } from "../mcp/tool-names.ts";
import { upstreamHeaders, upstreamMessage } from "../mcp/upstream-request.ts";
import { allowsLoopback } from "../webhooks/webhook-url.ts";

/** The record's error `type` for a failure's HTTP status. */
function errorType(status: number): GatewayErrorType {
  if (status === 401) return "authentication_error";
  if (status === 429) return "rate_limit_error";
  if (status === 504) return "timeout_error";
  if (status === 502) return "upstream_error";
  return status < 500 ? "invalid_request_error" : "server_error";
}

/** Answers a failure: the journal is told what the client is told. */
function fail(c: Context<DataPlaneEnv>, id: RpcId, failure: RpcFailure): Response {
  // A server's error text may echo the credentials it was sent: none reaches the client.
  const message = c.get("secrets").redact(failure.message);
  c.get("journal").emit({
    type: "failed",
    error: { status: failure.status, type: errorType(failure.status), code: failure.name, message },
  });
  return rpcFailureResponse(id, {
    ...failure,
    message,
    data: failure.data === undefined ? undefined : c.get("secrets").redactJson(failure.data),
  });
}

/** Answers with a result of the gateway's own, in the client's revision. */
function answerOwn(c: Context<DataPlaneEnv>, message: RpcMessage, result: Record<string, unknown>, list = false): Response {
  const modern = isModernRequest(c.req.header("mcp-protocol-version") ?? null, message.params);
  return answer(c, message.id ?? null, ownResult(result, modern, list));
}

/** Answers a result: the record keeps it (under `logContent`), the response has every secret removed. */
function answer(c: Context<DataPlaneEnv>, id: RpcId, result: unknown): Response {
  c.get("journal").emit({ type: "mcp_answered", result });
  return new Response(c.get("secrets").redact(JSON.stringify(rpcResultBody(id, result))), {
    headers: { "content-type": "application/json" },
  });
}

/** How this request calls one of its servers: headers, signal, the record's emit. */
function listContext(c: Context<DataPlaneEnv>, message: RpcMessage): ListContext {
  const key = c.get("key");
  const journal = c.get("journal");
  const receivedAt = c.get("receivedAt");
  const revision = { header: c.req.header("mcp-protocol-version") ?? null };
  return {
    tenant: key.tenant,
    keyAllows: key.mcpTools,
    params: message.params,
    callOf: (server, upstream, label) => {
      // `Mcp-Name` mirrors the body: a tool's or prompt's name, or a resource's URI.
      const params = upstream.params as { name?: unknown; uri?: unknown } | undefined;
      const named = params?.name ?? params?.uri;
      const name = typeof named === "string" ? named : null;
      return {
        server,
        headers: upstreamHeaders(server.headers, revision, String(upstream.method), name),
        message: upstream,
        label,
        retryable: async () => true,
        signal: c.req.raw.signal,
        receivedAt,
        allowLoopback: allowsLoopback(c.env),
        emit: journal.emit.bind(journal),
      };
    },
  };
}

/** `tools/call`: the namespaced tool resolved to its server (the key's tenant only), the key's allowlist applied. */
async function toolsCall(c: Context<DataPlaneEnv>, message: RpcMessage, id: RpcId): Promise<Response> {
  const key = c.get("key");
  const journal = c.get("journal");
  const store = c.get("store");
  const secrets = c.get("secrets");
  const name = message.params?.name;
  const split = typeof name === "string" ? splitToolName(name) : null;
  const server = split ? await tenantServer(store, key.tenant, split.server, c.env.SECRETS_KEY, secrets) : null;
  const tool = split?.tool ?? null;
  begin(journal, message, { operation: "execute_tool", server, tool });
  if (typeof name !== "string")
    return fail(c, id, rpcFailure(RPC.invalidParams, "invalid_params", "Invalid params: 'name' must be a tool's name."));
  // One answer for a tool that does not exist and one the key may not use: neither is visible to it.
  if (!server || tool === null || !toolAllowed(server.name, tool, { exposed: server.tools, keyAllows: key.mcpTools }))
    return fail(c, id, rpcFailure(RPC.invalidParams, "unknown_tool", `Unknown tool: '${name.slice(0, 200)}'.`));
  const result = await callTool(server, tool, message.params ?? {}, listContext(c, message));
  if (!("answer" in result)) return fail(c, id, result);
  const error = answerError(result.answer);
  if (error) return fail(c, id, passedOn(error));
  journal.emit({ type: "committed", target: { provider: server.name, model: tool }, providerType: MCP_PROVIDER_TYPE, streamed: false });
  return answer(c, id, answerResult(result.answer));
}

/** A list (`tools/list`, `prompts/list`, …): the union over the servers the key may reach. */
async function list(c: Context<DataPlaneEnv>, message: RpcMessage, kind: ListKind): Promise<Response> {
  const key = c.get("key");
  const journal = c.get("journal");
  const store = c.get("store");
  const secrets = c.get("secrets");
  begin(journal, message);
  const records = (await store.listMcpServers(key.tenant)).filter((s) => serverAllowed(s.name, key.mcpTools));
  const servers: OpenedMcpServer[] = await Promise.all(records.map((r) => openMcpServer(r, c.env.SECRETS_KEY, secrets)));
  const listed = await listAcross(servers, kind, listContext(c, message));
  return "result" in listed ? answerOwn(c, message, listed.result, true) : fail(c, message.id ?? null, listed);
}

/**
 * `prompts/get` and `resources/read`: the namespaced name (or URI) routed to its server, under its
 * own; only for a key allowed the whole server. A resource's contents name it as the client does.
 */
async function readNamed(c: Context<DataPlaneEnv>, message: RpcMessage, param: "name" | "uri"): Promise<Response> {
  const key = c.get("key");
  const journal = c.get("journal");
  const store = c.get("store");
  const secrets = c.get("secrets");
  const id = message.id ?? null;
  const named = message.params?.[param];
  const split = typeof named === "string" ? splitToolName(named) : null;
  const allowed = split !== null && serverWhollyAllowed(split.server, key.mcpTools);
  const server = allowed ? await tenantServer(store, key.tenant, split.server, c.env.SECRETS_KEY, secrets) : null;
  begin(journal, message, { server });
  if (!server || !split)
    return fail(
      c,
      id,
      rpcFailure(
        RPC.invalidParams,
        "unknown_item",
        `Unknown ${param}: '${typeof named === "string" ? named.slice(0, 200) : typeof named}'.`,
      ),
    );
  const context = listContext(c, message);
  const upstream = upstreamMessage(message.method, { ...message.params, [param]: split.tool });
  const result = await callServer({ ...context.callOf(server, upstream, message.method), retryable: async () => true });
  if (!result.ok) return fail(c, id, result.failure);
  const error = answerError(result.answer);
  if (error) return fail(c, id, passedOn(error));
  const answered = answerResult(result.answer) ?? {};
  const contents = Array.isArray(answered.contents)
    ? answered.contents.map((item: { uri?: unknown }) =>
        typeof item?.uri === "string" ? { ...item, uri: namespacedTool(server.name, item.uri) } : item,
      )
    : undefined;
  journal.emit({
    type: "committed",
    target: { provider: server.name, model: split.tool },
    providerType: MCP_PROVIDER_TYPE,
    streamed: false,
  });
  return answer(c, id, contents ? { ...answered, contents } : answered);
}

/** The record's start for a message: routed (workflow `mcp`, content kept as the server says) and what it calls. */
function begin(
  journal: RequestJournal,
  message: RpcMessage,
  to: { operation?: "execute_tool" | "mcp"; server?: OpenedMcpServer | null; tool?: string | null } = {},
): void {
  const logContent = to.server?.logContent ?? "full";
  journal.emit({ type: "routed", workflow: "mcp", operation: to.operation ?? "mcp", stream: false, logContent, request: message });
  journal.emit({ type: "mcp_called", method: message.method, server: to.server?.name ?? null, tool: to.tool ?? null });
}

/**
 * `POST /mcp`: MCP's Streamable HTTP endpoint, one JSON-RPC message per request, answered with
 * one JSON body (README "MCP gateway"). Lifecycle methods are the gateway's own; `tools/list`
 * and `tools/call` go to the tenant's MCP servers. Every error is a JSON-RPC error at an HTTP
 * error status; every request has its record.
 */
export async function mcpPost(c: Context<DataPlaneEnv>): Promise<Response> {
  const journal = c.get("journal");
  const parsed = parseRpc(await c.req.text());
  if (!parsed.ok) {
    journal.emit({ type: "body_read", json: bodyJson(parsed.json), stream: false });
    journal.emit({ type: "mcp_called", method: null, server: null, tool: null });
    return fail(c, parsed.id, parsed.failure);
  }
  const { message } = parsed;
  const id = message.id ?? null;
  // A notification (`notifications/initialized`, `notifications/cancelled`, ...) is accepted and needs no answer.
  if (message.id === undefined) {
    begin(journal, message);
    return new Response(null, { status: 202 });
  }
  switch (message.method) {
    case "tools/call":
      return toolsCall(c, message, id);
    case "tools/list":
      return list(c, message, LISTS.tools);
    case "prompts/list":
      return list(c, message, LISTS.prompts);
    case "resources/list":
      return list(c, message, LISTS.resources);
    case "resources/templates/list":
      return list(c, message, LISTS.templates);
    case "prompts/get":
      return readNamed(c, message, "name");
    case "resources/read":
      return readNamed(c, message, "uri");
  }
  begin(journal, message);
  switch (message.method) {
    case "initialize":
      return answerOwn(c, message, initializeResult(message.params));
    case "server/discover":
      return answerOwn(c, message, discoverResult());
    case "ping":
      return answerOwn(c, message, {});
    default:
      return fail(c, id, rpcFailure(RPC.methodNotFound, "method_not_found", `Method not found: '${message.method.slice(0, 100)}'.`));
  }
}

/** `GET` and `DELETE /mcp`: the gateway opens no stream and keeps no session to end (405, `Allow: POST`). */
export function mcpMethodNotAllowed(c: Context<DataPlaneEnv>): Response {
  const failure = rpcFailure(
    RPC.methodNotFound,
    "method_not_allowed",
    `Method not allowed: ${c.req.method} /mcp (this endpoint is stateless: POST only).`,
  );
  c.get("journal").emit({
    type: "failed",
    error: { status: 405, type: "invalid_request_error", code: failure.name, message: failure.message },
  });
  return rpcResponse({ jsonrpc: "2.0", id: null, error: { code: failure.code, message: failure.message } }, 405, { allow: "POST" });
}
