import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { Target } from "../config/schemas.ts";
import type { DurableSummary } from "../durable/durable-summary.ts";
import type { McpFacts } from "../mcp/mcp-events.ts";
import type { TokenUsage } from "../pricing/token-usage.ts";
import type { WebhookDeliveryNote } from "../webhooks/delivery-notes.ts";

export type LogOutcome = "completed" | "failed_before_output" | "failed_after_output" | "client_aborted" | "rejected";

export type LoggedUsage = TokenUsage;

/** A response contract as applied to one request. */
export interface LoggedContract {
  source: "workflow" | "client";
  streamMode: "end" | "buffer";
  /** `unchecked` when no complete answer was ever validated (every attempt failed otherwise). */
  verdict: "passed" | "violated" | "unchecked";
  errors: Array<{ path: string; message: string }>;
}

/** The client-facing error a request ended with. */
export interface LoggedError {
  status: number;
  type: string;
  code: string | null;
  message: string;
}

/** One delivered stream event, with its time from receipt. */
export interface LoggedChunk {
  atMs: number;
  data: string;
}

/** The whole lifecycle of one request (docs/semantics.md "Request log", docs/storage.md). Bodies and chunks are stored beside it. */
export interface RequestLogRecord {
  id: string;
  tenant: string | null;
  keyId: string | null;
  clientRequestId: string | null;
  method: string;
  path: string;
  workflow: string | null;
  stream: boolean;
  receivedAt: string;
  /** The W3C trace id of the request's span (the caller's trace when it sent `traceparent`). Absent in records written before it was added. */
  traceId?: string;
  outcome: LogOutcome;
  httpStatus: number;
  partialOutput: boolean;
  /** Who ended a stream early: the client, the upstream, or the gateway (a timeout). */
  disconnect: "client" | "upstream" | "gateway" | null;
  servedBy: Target | null;
  cache: "HIT" | "MISS" | "BYPASS" | null;
  logContent: "full" | "metadata";
  timings: { firstByteMs: number | null; firstDeltaMs: number | null; lastDeltaMs: number | null; completedMs: number };
  attempts: Array<Omit<AttemptRecord, "requestBody">>;
  eventCounts: { chunks: number; contentDeltas: number; toolCallDeltas: number; usageChunks: number; errors: number; done: number };
  usage: LoggedUsage | null;
  costUsd: number | null;
  costSavedUsd: number | null;
  priceSource: string | null;
  error: LoggedError | null;
  /** What the client received (omitted with `logContent: "metadata"`). */
  output: { text: string; toolCalls: Array<{ id?: string; name?: string; arguments: string }>; finishReason: string | null } | null;
  chunksTruncated: boolean;
  /** The response contract's last verdict (null when the request had none). */
  contract: LoggedContract | null;
  /** An MCP request's method, server and tool, and its result as JSON text (`null` with `logContent: "metadata"`). Absent on model requests. */
  mcp?: McpFacts;
  /** Filled in on read from their own rows. */
  request?: unknown;
  attemptBodies?: unknown[];
  chunks?: LoggedChunk[];
  /** Each webhook delivery attempt announcing this request's response, oldest first (background responses). */
  webhookDeliveries?: WebhookDeliveryNote[];
  /** A durable request's generation (README "Durable requests"): its mode, status and the requests that attached to it. */
  durable?: DurableSummary | null;
}

/** The index's row: enough to list and filter without opening each request's object. */
export interface LogSummary {
  id: string;
  receivedAt: string;
  workflow: string | null;
  keyId: string | null;
  clientRequestId: string | null;
  stream: boolean;
  outcome: LogOutcome;
  httpStatus: number;
  servedBy: Target | null;
  attempts: number;
  cache: RequestLogRecord["cache"];
  completedMs: number;
  /** When the response started (ms from receipt): the time to first token the dashboard charts. Absent in entries written before it was added. */
  firstByteMs?: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  costSavedUsd: number | null;
  /** Moves to the next target (attempts decided `fallback`). Absent in entries written before it was added. */
  failovers?: number;
  /** Targets passed over because their circuit was open (attempts decided `skip`). Absent in entries written before it was added. */
  breakerSkips?: number;
}

/** What settle sends to a request's object in one write. Bodies travel as JSON text, serialized once. */
export interface LogWrite {
  record: RequestLogRecord;
  /** The client's body, as JSON text (`null` when not kept). */
  requestJson: string;
  /** The body sent on each attempt, as JSON text. */
  attemptBodiesJson: string[];
  chunks: LoggedChunk[];
  /** A stored response (Responses API), as redacted JSON text, kept in the same object and write. */
  storedResponseJson?: string | null;
}

/** A response kept for `GET /v1/responses/{id}`, its input items and the earlier turns it continued. */
export interface StoredResponse {
  response: { id: string; [field: string]: unknown };
  /** This request's input, as items with ids. */
  inputItems: Array<{ id: string; [field: string]: unknown }>;
  /** The turns before this request's input (from `previous_response_id`), instructions excluded. */
  context: unknown[];
}

/**
 * A body as JSON text. A value that cannot be serialized (nested deeper than the runtime
 * allows) is stored as a marker instead of failing the whole record.
 */
export function bodyJson(value: unknown): string {
  try {
    return JSON.stringify(value ?? null);
  } catch (error) {
    return JSON.stringify({ unserializable: true, reason: error instanceof Error ? error.message : String(error) });
  }
}

export function summarize(record: RequestLogRecord): LogSummary {
  return {
    id: record.id,
    receivedAt: record.receivedAt,
    workflow: record.workflow,
    keyId: record.keyId,
    clientRequestId: record.clientRequestId,
    stream: record.stream,
    outcome: record.outcome,
    httpStatus: record.httpStatus,
    servedBy: record.servedBy,
    attempts: record.attempts.length,
    cache: record.cache,
    completedMs: record.timings.completedMs,
    firstByteMs: record.timings.firstByteMs,
    totalTokens: record.usage?.totalTokens ?? null,
    costUsd: record.costUsd,
    costSavedUsd: record.costSavedUsd,
    failovers: record.attempts.filter((a) => a.decision === "fallback").length,
    breakerSkips: record.attempts.filter((a) => a.decision === "skip").length,
  };
}
