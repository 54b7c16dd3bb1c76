import { z } from "zod";
import { PUBLIC_REASON_MAX_CHARS } from "../platform-limits.ts";

/**
 * JSON-RPC 2.0 as MCP uses it: the codes the gateway answers with, the HTTP status each one
 * travels with (README "MCP gateway"), and the one schema a client message is read with.
 */

/** The standard codes, and the gateway's own in the implementation-defined range (-32000 to -32099). */
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** The gateway key is missing, unknown, or may not do this. */
  unauthorized: -32001,
  /** A gateway limit (requests per minute, budget). */
  rateLimited: -32002,
  /** Every attempt at the MCP server failed (connect error, 5xx, an answer that is not JSON-RPC). */
  upstreamFailed: -32010,
  /** The MCP server did not answer within its timeout. */
  upstreamTimeout: -32011,
  /** The MCP server's stream broke after its first bytes: nothing is retried or stitched. */
  upstreamInterrupted: -32012,
} as const;

export type RpcCode = (typeof RPC)[keyof typeof RPC];

/** A JSON-RPC id: a string or a number (`null` only in answers to what could not be read). */
export type RpcId = string | number | null;

/** An error the gateway answers with: its JSON-RPC code, the HTTP status it travels with, and a message safe to show. */
export interface RpcFailure {
  code: number;
  status: number;
  message: string;
  /** A stable name for the record's error code (`unknown_tool`, `upstream_timeout`, ...). */
  name: string;
  data?: unknown;
}

/** One message from a client: a request (with `id`) or a notification (without). Params stay as sent. */
export const rpcMessage = z.looseObject({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.number()]).optional(),
  method: z.string().min(1).max(256),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type RpcMessage = z.infer<typeof rpcMessage>;

/** A JSON-RPC answer from an upstream: its result or its error (anything else fails the attempt). */
export const rpcAnswer = z.union([
  z.looseObject({ jsonrpc: z.literal("2.0"), id: z.union([z.string(), z.number(), z.null()]), result: z.record(z.string(), z.unknown()) }),
  z.looseObject({
    jsonrpc: z.literal("2.0"),
    id: z.union([z.string(), z.number(), z.null()]),
    error: z.looseObject({ code: z.number(), message: z.string(), data: z.unknown().optional() }),
  }),
]);
export type RpcAnswer = z.infer<typeof rpcAnswer>;

/** An upstream's JSON-RPC error, when the answer is one. */
export function answerError(answer: RpcAnswer): { code: number; message: string; data?: unknown } | null {
  return "error" in answer && typeof answer.error === "object" && answer.error !== null
    ? (answer.error as { code: number; message: string; data?: unknown })
    : null;
}

/** An upstream's JSON-RPC result (null when the answer is an error). */
export function answerResult(answer: RpcAnswer): Record<string, unknown> | null {
  return answerError(answer) ? null : ((answer as { result?: Record<string, unknown> }).result ?? null);
}

/** The JSON-RPC error body for `id`. */
export function rpcErrorBody(id: RpcId, failure: Pick<RpcFailure, "code" | "message" | "data">) {
  const error = { code: failure.code, message: failure.message, ...(failure.data === undefined ? {} : { data: failure.data }) };
  return { jsonrpc: "2.0" as const, id, error };
}

/** The JSON-RPC result body for `id`. */
export function rpcResultBody(id: RpcId, result: unknown) {
  return { jsonrpc: "2.0" as const, id, result };
}

/** A failure with the HTTP status its code travels with (`statusFor`). */
export function rpcFailure(code: RpcCode, name: string, message: string, data?: unknown): RpcFailure {
  return { code, status: statusFor(code), name, message, ...(data === undefined ? {} : { data }) };
}

/**
 * The HTTP status of each code. Streamable HTTP lets a server refuse a request with an HTTP error
 * status and a JSON-RPC error body; the gateway does so for every error, so no failure hides in a
 * 200. Request errors (and an MCP server's own JSON-RPC errors) are 400: the status at which the
 * official SDK client reads the body as a JSON-RPC error with its code.
 */
export function statusFor(code: number): number {
  switch (code) {
    case RPC.internalError:
      return 500;
    case RPC.unauthorized:
      return 401;
    case RPC.rateLimited:
      return 429;
    case RPC.upstreamTimeout:
      return 504;
    case RPC.upstreamFailed:
    case RPC.upstreamInterrupted:
      return 502;
    default:
      return 400;
  }
}

/**
 * An MCP server's own JSON-RPC error, passed on with its code and message, at 400 whatever its
 * code: a server's codes overlap the gateway's (-32001 or -32002 mean other things to a server, and
 * would read as 401 or 429). The message is bounded like any reason the gateway passes on.
 */
export function passedOn(error: { code: number; message: string; data?: unknown }): RpcFailure {
  const message = String(error.message).slice(0, PUBLIC_REASON_MAX_CHARS);
  return { code: error.code, status: 400, name: "upstream_rpc_error", message, data: error.data };
}
