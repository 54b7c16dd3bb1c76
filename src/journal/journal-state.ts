import type { AttemptRecord } from "../attempts/attempt-record.ts";
import type { CompletionAssembler } from "../chat/completion-assembler.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import type { HealthPolicy, Target } from "../config/schemas.ts";
import type { LoggedChunk, LoggedContract, LoggedError, RequestLogRecord, StoredResponse } from "../logs/log-record.ts";
import type { McpFacts } from "../mcp/mcp-events.ts";
import type { StreamEnd } from "../stream/stream-end.ts";
import type { CacheSlot, GenAiOperation, RequestEvent, RequestStart } from "./request-event.ts";

/** The fold of a request's events so far: what its record will say. */
export interface JournalState extends RequestStart {
  tenant: string | null;
  keyId: string | null;
  /** The key has a monthly budget: settle adds the request's cost to its usage object. */
  budgeted: boolean;
  workflow: string | null;
  /** From `routed`; a request refused before it is counted a generation. */
  operation: GenAiOperation;
  stream: boolean;
  logContent: "full" | "metadata";
  request: Record<string, unknown> | null;
  /** A refused request's body as JSON text (`body_read`), kept when it never reached `routed`. */
  refusedBodyJson: string | null;
  cache: RequestLogRecord["cache"];
  cacheSlot: CacheSlot | null;
  cacheHit: boolean;
  attempts: AttemptRecord[];
  /** The workflow's breaker applies: settle reports the attempts' outcomes to the tenant's ProviderHealth. */
  healthPolicy: HealthPolicy | null;
  /** The provider type of the last attempt's target, for pricing without a read. */
  lastProviderType: string | null;
  servedBy: Target | null;
  servedProviderType: string | null;
  /** A committed stream owns the request's end until it reports `stream_ended`. */
  streaming: boolean;
  firstByteMs: number | null;
  firstDeltaMs: number | null;
  lastDeltaMs: number | null;
  eventCounts: RequestLogRecord["eventCounts"];
  /** The non-streamed (or cached) answer. */
  answer: ChatCompletion | null;
  /** What the stream delivered, folded into one completion (created at the first chunk). */
  delivered: CompletionAssembler | null;
  chunks: LoggedChunk[];
  chunkBytes: number;
  chunksTruncated: boolean;
  contract: LoggedContract | null;
  /** An MCP request's method, tool and result (the MCP door). */
  mcp: McpFacts | null;
  /** A response the client asked the gateway to keep (written by settle with the record). */
  storedResponse: StoredResponse | null;
  error: LoggedError | null;
  responseStatus: number | null;
  streamEnd: StreamEnd | null;
  ended: Extract<RequestEvent, { type: "ended" }> | null;
  completedMs: number | null;
}

export function initialState(start: RequestStart): JournalState {
  return {
    ...start,
    tenant: null,
    keyId: null,
    budgeted: false,
    workflow: null,
    operation: "chat",
    stream: false,
    logContent: "full",
    request: null,
    refusedBodyJson: null,
    cache: null,
    cacheSlot: null,
    cacheHit: false,
    attempts: [],
    healthPolicy: null,
    lastProviderType: null,
    servedBy: null,
    servedProviderType: null,
    streaming: false,
    firstByteMs: null,
    firstDeltaMs: null,
    lastDeltaMs: null,
    eventCounts: { chunks: 0, contentDeltas: 0, toolCallDeltas: 0, usageChunks: 0, errors: 0, done: 0 },
    answer: null,
    delivered: null,
    chunks: [],
    chunkBytes: 0,
    chunksTruncated: false,
    contract: null,
    mcp: null,
    storedResponse: null,
    error: null,
    responseStatus: null,
    streamEnd: null,
    ended: null,
    completedMs: null,
  };
}
