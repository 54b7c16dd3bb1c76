import { CompletionAssembler } from "../chat/completion-assembler.ts";
import type { ChatCompletionChunk } from "../chat/openai-types.ts";
import { bodyJson } from "../logs/log-record.ts";
import { KV_MAX_VALUE_BYTES, LOG_MAX_CHUNK_BYTES, LOG_MAX_CHUNKS, LOG_MAX_OUTPUT_CHARS } from "../platform-limits.ts";
import type { StreamEnd } from "../stream/stream-end.ts";
import type { JournalState } from "./journal-state.ts";
import type { RequestEvent } from "./request-event.ts";

/** A delivered event kept for the timeline, until the record's chunk budget is spent. */
function keepChunk(state: JournalState, atMs: number, data: string): void {
  if (state.chunksTruncated) return;
  if (state.chunks.length >= LOG_MAX_CHUNKS || state.chunkBytes + data.length > LOG_MAX_CHUNK_BYTES) {
    state.chunksTruncated = true;
    return;
  }
  state.chunkBytes += data.length;
  state.chunks.push({ atMs, data });
}

function foldChunk(state: JournalState, chunk: ChatCompletionChunk, atMs: number): void {
  const counts = state.eventCounts;
  counts.chunks++;
  if (chunk.usage) counts.usageChunks++;
  for (const choice of chunk.choices ?? []) {
    const delta = choice.delta;
    if (!delta) continue;
    if (delta.content) counts.contentDeltas++;
    if (delta.tool_calls?.length) counts.toolCallDeltas++;
    if (delta.content || delta.tool_calls?.length || delta.refusal) {
      state.firstDeltaMs ??= atMs;
      state.lastDeltaMs = atMs;
    }
  }
  // One fold of the stream serves the record and the cache entry; the cache may need more than the record keeps.
  state.delivered ??= new CompletionAssembler(state.cacheSlot ? KV_MAX_VALUE_BYTES / 4 : LOG_MAX_OUTPUT_CHARS);
  state.delivered.add(chunk);
}

/** An MCP result as the record keeps it: JSON text, cut to the output bound. */
function resultText(result: unknown): string {
  const text = bodyJson(result);
  return text.length > LOG_MAX_OUTPUT_CHARS ? text.slice(0, LOG_MAX_OUTPUT_CHARS) : text;
}

/** An interrupted stream's end is the request's error too. */
function foldStreamEnd(state: JournalState, end: StreamEnd): void {
  state.streamEnd = end;
  if (end.kind === "interrupted") state.error = { status: 200, type: "upstream_error", code: end.code, message: end.reason };
}

/**
 * Folds one event into the request's state: no I/O, no clock (the time comes with the event).
 * Runs once per event, streamed chunks included, so it does the least it can.
 */
export function foldEvent(state: JournalState, event: RequestEvent, atMs: number): void {
  switch (event.type) {
    case "identified":
      state.tenant = event.tenant;
      state.keyId = event.keyId;
      state.budgeted = event.budgeted;
      return;
    case "routed":
      state.workflow = event.workflow;
      state.operation = event.operation;
      state.stream = event.stream;
      state.logContent = event.logContent;
      state.request = event.request;
      return;
    case "body_read":
      if (state.request) return;
      state.refusedBodyJson = event.json;
      state.stream = event.stream;
      return;
    case "contract_applies":
      state.contract = { source: event.source, streamMode: event.streamMode, verdict: "unchecked", errors: [] };
      return;
    case "cache_decided":
      state.cache = event.status;
      state.cacheSlot = event.slot;
      return;
    case "cache_hit":
      state.cache = "HIT";
      state.cacheHit = true;
      state.servedBy = event.servedBy;
      state.servedProviderType = event.providerType;
      state.answer = event.completion;
      state.firstByteMs ??= atMs;
      return;
    case "health_checked":
      state.healthPolicy = event.policy;
      return;
    case "attempt_started":
      return;
    case "attempt_ended":
      state.attempts.push(event.attempt);
      // A skipped target was not contacted: the last contacted one still prices the request.
      if (event.attempt.decision !== "skip") state.lastProviderType = event.providerType;
      return;
    case "committed":
      state.servedBy = event.target;
      state.servedProviderType = event.providerType;
      state.streaming = event.streamed;
      state.firstByteMs ??= atMs;
      return;
    case "chunk": {
      const upstream = event.event;
      switch (upstream.type) {
        case "done":
          state.eventCounts.done++;
          return;
        case "error":
          state.eventCounts.errors++;
          keepChunk(state, atMs, upstream.data);
          return;
        case "chunk":
          foldChunk(state, upstream.chunk, atMs);
          keepChunk(state, atMs, upstream.data);
          return;
      }
      return;
    }
    case "contract_verdict":
      if (state.contract)
        state.contract = {
          ...state.contract,
          verdict: event.verdict.ok ? "passed" : "violated",
          errors: event.verdict.ok ? [] : event.verdict.errors,
        };
      return;
    case "answered":
      state.answer = event.completion;
      return;
    case "mcp_called":
      state.mcp = { method: event.method, server: event.server, tool: event.tool, result: null };
      return;
    case "mcp_answered":
      if (state.mcp) state.mcp.result = resultText(event.result);
      return;
    case "response_stored":
      state.storedResponse = event.stored;
      return;
    case "failed":
      state.error = event.error;
      return;
    case "responded":
      state.responseStatus ??= event.status;
      return;
    case "stream_ended":
      if (!state.streamEnd) foldStreamEnd(state, event.end);
      return;
    case "ended":
      state.ended = event;
      state.completedMs = atMs;
      return;
  }
}
