import { jsonTextDepth } from "../../http/json-depth.ts";
import { RPC, type RpcFailure, type RpcId, type RpcMessage, rpcFailure, rpcMessage } from "../../mcp/json-rpc.ts";
import { MCP_MAX_DEPTH } from "../../platform-limits.ts";

/** A client's POST body read as one JSON-RPC message, or the error to answer (with the id, when one could be read). */
export type ParsedRpc = { ok: true; message: RpcMessage; json: unknown } | { ok: false; id: RpcId; failure: RpcFailure; json: unknown };

function idOf(value: unknown): RpcId {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/**
 * Reads one JSON-RPC message. Batches are refused: the 2025-06-18 revision removed them and the
 * stateless 2026-07-28 one has none. A client's JSON-RPC response is refused too: the gateway
 * never sends a client a request to answer.
 */
export function parseRpc(text: string): ParsedRpc {
  // Checked before anything walks it: serializing a deeper message would overflow the stack.
  if (jsonTextDepth(text, MCP_MAX_DEPTH) > MCP_MAX_DEPTH) {
    const message = `Invalid Request: the message is nested deeper than ${MCP_MAX_DEPTH} levels.`;
    return { ok: false, id: null, failure: rpcFailure(RPC.invalidRequest, "too_deep", message), json: null };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, id: null, failure: rpcFailure(RPC.parseError, "parse_error", "Parse error: the body is not JSON."), json: text };
  }
  if (Array.isArray(json))
    return {
      ok: false,
      id: null,
      failure: rpcFailure(RPC.invalidRequest, "batch_refused", "Invalid Request: JSON-RPC batches are not supported."),
      json,
    };
  const parsed = rpcMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at '${issue.path.join(".")}'` : "";
    const message = `Invalid Request: not a JSON-RPC 2.0 request or notification (${issue?.message ?? "invalid"}${where}).`;
    return { ok: false, id: idOf(json), failure: rpcFailure(RPC.invalidRequest, "invalid_request", message), json };
  }
  return { ok: true, message: parsed.data, json };
}
