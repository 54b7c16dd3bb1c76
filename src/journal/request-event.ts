import type { AttemptEvent } from "../attempts/attempt-events.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import type { HealthPolicy, Target } from "../config/schemas.ts";
import type { ContractVerdict } from "../contract/response-contract.ts";
import type { GatewayError } from "../http/gateway-error.ts";
import type { TraceContext } from "../http/trace-context.ts";
import type { LoggedError, LogOutcome, StoredResponse } from "../logs/log-record.ts";
import type { McpEvent } from "../mcp/mcp-events.ts";
import type { StreamEnd } from "../stream/stream-end.ts";
import type { UpstreamEvent } from "../stream/upstream-event.ts";

/** Where a request stands when its journal opens: known before any stage runs. */
export interface RequestStart {
  id: string;
  clientRequestId: string | null;
  method: string;
  path: string;
  /** `Date.now()` at receipt; every event's time is measured from here. */
  receivedAt: number;
  /** The request's W3C trace (parsed once, at receipt); its trace id is in the record. */
  trace: TraceContext;
}

/** Where a complete answer may be cached once the request ends. */
export interface CacheSlot {
  key: string;
  ttlSeconds: number;
}

/**
 * Everything a request's stages know, as facts in the order they learn them. Stages emit; the
 * journal folds; nobody calls setters. The same events are what a timeline draws.
 */
/**
 * What a routed request does: a generation (every chat-like door), embeddings, or a tool call
 * through the MCP door (`execute_tool`); `mcp` is any other MCP method (listing tools, reading resources).
 */
export type GenAiOperation = "chat" | "embeddings" | "execute_tool" | "mcp";

export type RequestEvent =
  /** The gateway key was recognized; `budgeted` keys have their spend counted against a monthly budget. */
  | { type: "identified"; tenant: string; keyId: string; budgeted: boolean }
  /** `model` resolved to a workflow (or direct route); `request` is the parsed body. */
  | {
      type: "routed";
      workflow: string;
      /** The GenAI operation the door performs (OpenTelemetry's `gen_ai.operation.name`). */
      operation: GenAiOperation;
      stream: boolean;
      logContent: "full" | "metadata";
      request: Record<string, unknown>;
    }
  /** The body of a request refused before it was routed (`refused-body.ts`), as JSON text, and its `stream` flag. */
  | { type: "body_read"; json: string; stream: boolean }
  /** The request is held to a response contract. */
  | { type: "contract_applies"; source: "workflow" | "client"; streamMode: "end" | "buffer" }
  /** The cache was consulted (or skipped); `slot` says where a fresh complete answer may be stored. */
  | { type: "cache_decided"; status: "HIT" | "MISS" | "BYPASS"; slot: CacheSlot | null }
  /** Answered from the cache: no attempt, the original target named. */
  | { type: "cache_hit"; completion: ChatCompletion; servedBy: Target; providerType: string | null }
  /** The workflow's circuit breaker chose which targets to pass over (`skipped`) and which to probe (`probes`, half-open). */
  | { type: "health_checked"; policy: HealthPolicy; skipped: Target[]; probes: Target[] }
  /** An attempt started or ended (`attempts/attempt-events.ts`). */
  | AttemptEvent
  /** An MCP request's method, tool and result (`mcp/mcp-events.ts`). */
  | McpEvent
  /** The commit point: headers naming `target` go to the client; `streamed` hands the end to the stream. */
  | { type: "committed"; target: Target; providerType: string | null; streamed: boolean }
  /** One stream event handed to the client (or hidden from it, `delivered: false`, but seen). */
  | { type: "chunk"; event: UpstreamEvent; delivered: boolean }
  | { type: "contract_verdict"; verdict: ContractVerdict }
  /** A complete non-streamed answer was sent. */
  | { type: "answered"; completion: ChatCompletion }
  /** A response to keep with the record and serve by its id later (the Responses API's `store`). */
  | { type: "response_stored"; stored: StoredResponse }
  /** The request failed with this client-facing error (rejected input, or no target answered). */
  | { type: "failed"; error: LoggedError }
  /** The response's status left the Worker (for a stream: its headers). */
  | { type: "responded"; status: number }
  /** A committed stream ended. */
  | { type: "stream_ended"; end: StreamEnd }
  /** Appended by the journal itself, once: how the request ended. */
  | { type: "ended"; outcome: LogOutcome; httpStatus: number; disconnect: "client" | "upstream" | "gateway" | null };

export type RequestEventType = RequestEvent["type"];

/** A gateway error as the `failed` event carries it: only what a client was told. */
export function failedWith(error: GatewayError): Extract<RequestEvent, { type: "failed" }> {
  return { type: "failed", error: { status: error.status, type: error.type, code: error.code, message: error.publicMessage } };
}
