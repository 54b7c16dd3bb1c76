import type { Target } from "../config/schemas.ts";
import { bodyJson, type LoggedUsage, type LogWrite, type RequestLogRecord } from "../logs/log-record.ts";
import { LOG_MAX_OUTPUT_CHARS } from "../platform-limits.ts";
import type { PricedUsage } from "../pricing/price-book.ts";
import { estimateUsage, fromOpenAIUsage } from "../pricing/usage.ts";
import type { JournalState } from "./journal-state.ts";
import { hasPartialOutput } from "./request-end.ts";

/** The target whose price applies, with its provider type: the one that served, else the last one the prompt reached. */
export function pricedTarget(state: JournalState): { target: Target; providerType: string | null } | null {
  if (state.servedBy) return { target: state.servedBy, providerType: state.servedProviderType };
  return promptReachedUpstream(state) ? { target: lastTarget(state) as Target, providerType: state.lastProviderType } : null;
}

function lastTarget(state: JournalState): Target | null {
  const last = state.attempts.findLast((a) => a.decision !== "skip");
  return last ? { provider: last.provider, model: last.model } : null;
}

/**
 * Did the last attempt's upstream take the prompt and start on it, so it bills the prompt? It did
 * when it answered 2xx headers, or was still working when the client left or time ran out.
 */
function promptReachedUpstream(state: JournalState): boolean {
  const last = state.attempts.findLast((a) => a.decision !== "skip");
  if (!last || last.errorClass === "provider_missing" || last.errorClass === "unsupported_parameter") return false;
  if (last.status !== null && last.status >= 300) return false;
  if (last.firstByteMs !== null || last.errorClass === "first_event_timeout") return true;
  return state.ended?.outcome === "client_aborted";
}

/** Characters of output the client received (for estimates). */
function outputChars(state: JournalState): number {
  if (state.answer) return JSON.stringify(state.answer.choices).length;
  return state.delivered?.textChars ?? 0;
}

/** Reported usage when the upstream sent it; otherwise an estimate for what the upstream received and produced. */
export function usageOf(state: JournalState): LoggedUsage | null {
  // A tool call spends no tokens: nothing to report or estimate.
  if (state.mcp) return null;
  const reported = fromOpenAIUsage(state.answer ? state.answer.usage : state.delivered?.usage);
  if (reported) return reported;
  if (!pricedTarget(state)) return null;
  return estimateUsage((state.request as { messages?: unknown } | null)?.messages, outputChars(state));
}

function outputOf(state: JournalState): RequestLogRecord["output"] {
  const choice = state.answer?.choices[0];
  if (choice) {
    return {
      text: typeof choice.message.content === "string" ? choice.message.content.slice(0, LOG_MAX_OUTPUT_CHARS) : "",
      toolCalls: (choice.message.tool_calls ?? []) as [],
      finishReason: choice.finish_reason,
    };
  }
  const first = state.delivered?.firstChoice();
  if (!first) return null;
  return { text: first.content.slice(0, LOG_MAX_OUTPUT_CHARS), toolCalls: first.toolCalls, finishReason: first.finishReason };
}

/** The stored record of an ended request, priced with `price` (null when no price is known). */
export function recordOf(state: JournalState, usage: LoggedUsage | null, price: PricedUsage): LogWrite {
  const end = state.ended ?? { outcome: "failed_before_output" as const, httpStatus: 500, disconnect: null };
  const full = state.logContent === "full";
  const cost = price?.costUsd ?? null;
  const record: RequestLogRecord = {
    id: state.id,
    tenant: state.tenant,
    keyId: state.keyId,
    clientRequestId: state.clientRequestId,
    method: state.method,
    path: state.path,
    workflow: state.workflow,
    stream: state.stream,
    receivedAt: new Date(state.receivedAt).toISOString(),
    traceId: state.trace.traceId,
    outcome: end.outcome,
    httpStatus: end.httpStatus,
    partialOutput: end.outcome !== "completed" && hasPartialOutput(state),
    disconnect: end.disconnect,
    servedBy: state.servedBy,
    cache: state.cache,
    logContent: state.logContent,
    timings: {
      firstByteMs: state.firstByteMs,
      firstDeltaMs: state.firstDeltaMs,
      lastDeltaMs: state.lastDeltaMs,
      completedMs: state.completedMs ?? 0,
    },
    attempts: state.attempts.map(({ requestBody: _body, ...attempt }) => attempt),
    eventCounts: state.eventCounts,
    usage,
    costUsd: state.cacheHit && cost !== null ? 0 : cost,
    costSavedUsd: state.cacheHit ? cost : null,
    priceSource: price?.lookup.source ?? null,
    error: state.error,
    output: full ? outputOf(state) : null,
    chunksTruncated: state.chunksTruncated || (state.delivered?.textChars ?? 0) > LOG_MAX_OUTPUT_CHARS || !!state.delivered?.overflowed,
    contract: state.contract,
    ...(state.mcp ? { mcp: { ...state.mcp, result: full ? state.mcp.result : null } } : {}),
  };
  return {
    record,
    requestJson: !full ? "null" : state.request ? bodyJson(state.request) : (state.refusedBodyJson ?? "null"),
    attemptBodiesJson: full ? state.attempts.map((a) => bodyJson(a.requestBody)) : [],
    chunks: full ? state.chunks : state.chunks.map((c) => ({ atMs: c.atMs, data: "" })),
  };
}
