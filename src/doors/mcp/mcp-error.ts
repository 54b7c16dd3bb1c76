import type { GatewayError } from "../../http/gateway-error.ts";
import { RPC, type RpcFailure, type RpcId, rpcErrorBody } from "../../mcp/json-rpc.ts";

/** The JSON-RPC code of a gateway error raised before the MCP route read the message (auth, limits, body size, no route). */
function codeOf(status: number): number {
  if (status === 401 || status === 403) return RPC.unauthorized;
  if (status === 429) return RPC.rateLimited;
  if (status === 404 || status === 405) return RPC.methodNotFound;
  return status < 500 ? RPC.invalidRequest : RPC.internalError;
}

/** A JSON-RPC answer body with its status. */
export function rpcResponse(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A failure as the MCP door answers it: the JSON-RPC error for `id`, at the failure's HTTP status. */
export function rpcFailureResponse(id: RpcId, failure: RpcFailure, headers: Record<string, string> = {}): Response {
  return rpcResponse(rpcErrorBody(id, failure), failure.status, headers);
}

/**
 * A gateway error in the MCP door's shape: a JSON-RPC error without an id (the message was not
 * read, or not yet), at the error's own HTTP status, with its headers (`retry-after`, ...).
 */
export function mcpErrorResponse(error: GatewayError): Response {
  const code = codeOf(error.status);
  const data = error.code ? { code: error.code } : undefined;
  return rpcResponse(rpcErrorBody(null, { code, message: error.publicMessage, data }), error.status, error.headers);
}
