import type { AttemptRecord } from "../attempts/attempt-record.ts";
import { newSpanId, type TraceContext } from "../http/trace-context.ts";
import type { RequestLogRecord } from "../logs/log-record.ts";
import {
  attributesOf,
  type ExportTraceServiceRequest,
  type OtlpEvent,
  type OtlpSpan,
  SPAN_KIND,
  STATUS_CODE,
  unixNano,
} from "./otlp-json.ts";
import { GATEWAY, GEN_AI, GENERAL, SCOPE_NAME, SERVICE_NAME, SPAN_EVENT } from "./span-attributes.ts";

/** What the spans are built from: the finished record (priced, secrets removed) and what the record leaves out. */
export interface SpanSource {
  record: RequestLogRecord;
  trace: TraceContext;
  /** `Date.now()` at receipt: every record time is from here. */
  receivedAtMs: number;
  /** Why the answer ended, kept even when the workflow logs metadata only. */
  finishReason: string | null;
  /** The served target's provider type (`openai`, `anthropic`, …), when known. */
  servedProviderType: string | null;
  /** The GenAI operation (`chat`, `embeddings`). */
  operation: string;
}

type Attributes = Parameters<typeof attributesOf>[0];

/** Failures the gateway is answerable for; a rejected request (4xx) or a client leaving is not a server error. */
const ERROR_OUTCOMES: ReadonlySet<RequestLogRecord["outcome"]> = new Set(["failed_before_output", "failed_after_output"]);

function usageAttributes(usage: RequestLogRecord["usage"]): Attributes {
  if (!usage) return {};
  return {
    [GEN_AI.inputTokens]: usage.promptTokens,
    [GEN_AI.outputTokens]: usage.completionTokens,
    [GEN_AI.cacheReadInputTokens]: usage.cachedPromptTokens || null,
    [GEN_AI.cacheCreationInputTokens]: usage.cacheWriteTokens || null,
    [GATEWAY.usageEstimated]: usage.estimated,
  };
}

function serverAttributes(source: SpanSource): Attributes {
  const { record } = source;
  const firstContentMs = record.timings.firstDeltaMs ?? record.timings.firstByteMs;
  return {
    [GEN_AI.operationName]: source.operation,
    [GEN_AI.providerName]: source.servedProviderType ?? record.servedBy?.provider,
    [GEN_AI.requestModel]: record.workflow,
    [GEN_AI.responseModel]: record.servedBy?.model,
    [GEN_AI.requestStream]: record.stream,
    [GEN_AI.finishReasons]: source.finishReason ? [source.finishReason] : null,
    [GEN_AI.timeToFirstChunk]: record.stream && firstContentMs !== null ? { double: firstContentMs / 1_000 } : null,
    ...usageAttributes(record.usage),
    [GENERAL.errorType]: record.error ? (record.error.code ?? record.error.type) : null,
    [GENERAL.httpMethod]: record.method,
    [GENERAL.urlPath]: record.path,
    [GENERAL.httpStatus]: record.httpStatus,
    [GATEWAY.requestId]: record.id,
    [GATEWAY.clientRequestId]: record.clientRequestId,
    [GATEWAY.tenant]: record.tenant,
    [GATEWAY.keyId]: record.keyId,
    [GATEWAY.workflow]: record.workflow,
    [GATEWAY.outcome]: record.outcome,
    [GATEWAY.cache]: record.cache,
    [GATEWAY.costUsd]: record.costUsd === null ? null : { double: record.costUsd },
    [GATEWAY.costSavedUsd]: record.costSavedUsd === null ? null : { double: record.costSavedUsd },
    [GATEWAY.attempts]: record.attempts.length,
    [GATEWAY.disconnect]: record.disconnect,
  };
}

/** The commit point, first content, and how a stream ended, at their times. */
function serverEvents(source: SpanSource): OtlpEvent[] {
  const { record, receivedAtMs } = source;
  const at = (ms: number) => unixNano(receivedAtMs + ms);
  const events: OtlpEvent[] = [];
  const { firstByteMs, firstDeltaMs, completedMs } = record.timings;
  if (record.servedBy && record.cache !== "HIT" && firstByteMs !== null)
    events.push({
      name: SPAN_EVENT.commit,
      timeUnixNano: at(firstByteMs),
      attributes: attributesOf({ [GATEWAY.attemptProvider]: record.servedBy.provider, [GEN_AI.responseModel]: record.servedBy.model }),
    });
  if (firstDeltaMs !== null) events.push({ name: SPAN_EVENT.firstContent, timeUnixNano: at(firstDeltaMs), attributes: [] });
  if (record.outcome === "failed_after_output")
    events.push({
      name: SPAN_EVENT.streamFailure,
      timeUnixNano: at(completedMs),
      attributes: attributesOf({ [GENERAL.errorType]: record.error?.code ?? record.disconnect ?? "stream_interrupted" }),
    });
  if (record.outcome === "client_aborted") events.push({ name: SPAN_EVENT.clientAbort, timeUnixNano: at(completedMs), attributes: [] });
  return events;
}

/** An attempt failed in a way that is an error of the call (a skipped target or a lost hedge is not). */
const attemptFailed = (attempt: Omit<AttemptRecord, "requestBody">) =>
  attempt.errorClass !== null && attempt.decision !== "commit" && attempt.decision !== "skip" && attempt.decision !== "hedge_lost";

function attemptSpan(source: SpanSource, attempt: Omit<AttemptRecord, "requestBody">): OtlpSpan {
  const { record, trace, receivedAtMs } = source;
  const served = attempt.decision === "commit";
  const failed = attemptFailed(attempt);
  return {
    traceId: trace.traceId,
    spanId: newSpanId(),
    parentSpanId: trace.spanId,
    name: `${source.operation} ${attempt.model}`,
    kind: SPAN_KIND.client,
    startTimeUnixNano: unixNano(receivedAtMs + attempt.startedAtMs),
    endTimeUnixNano: unixNano(receivedAtMs + attempt.startedAtMs + attempt.durationMs),
    attributes: attributesOf({
      [GEN_AI.operationName]: source.operation,
      [GEN_AI.providerName]: served ? (source.servedProviderType ?? attempt.provider) : attempt.provider,
      [GEN_AI.requestModel]: attempt.model,
      [GEN_AI.requestStream]: record.stream,
      ...(served ? { [GEN_AI.responseModel]: attempt.model, ...usageAttributes(record.usage) } : {}),
      [GENERAL.errorType]: failed ? attempt.errorClass : null,
      [GENERAL.httpStatus]: attempt.status,
      [GATEWAY.attemptProvider]: attempt.provider,
      [GATEWAY.attemptDecision]: attempt.decision,
      [GATEWAY.attemptRole]: attempt.role,
      [GATEWAY.attemptReason]: attempt.reason,
    }),
    events: [],
    status: failed ? { code: STATUS_CODE.error, message: attempt.reason ?? attempt.errorClass ?? "failed" } : { code: STATUS_CODE.unset },
  };
}

/**
 * One request as spans: a SERVER span (the caller's span as parent when it sent `traceparent`)
 * and one CLIENT child per attempt, skipped and hedge-lost ones included. A pure function of the
 * finished record: nothing is collected while the request runs.
 */
export function requestSpans(source: SpanSource): OtlpSpan[] {
  const { record, trace, receivedAtMs } = source;
  const failed = ERROR_OUTCOMES.has(record.outcome);
  const server: OtlpSpan = {
    traceId: trace.traceId,
    spanId: trace.spanId,
    ...(trace.parentSpanId ? { parentSpanId: trace.parentSpanId } : {}),
    ...(trace.tracestate ? { traceState: trace.tracestate } : {}),
    name: `${source.operation} ${record.workflow ?? "unrouted"}`,
    kind: SPAN_KIND.server,
    startTimeUnixNano: unixNano(receivedAtMs),
    endTimeUnixNano: unixNano(receivedAtMs + record.timings.completedMs),
    attributes: attributesOf(serverAttributes(source)),
    events: serverEvents(source),
    status: failed ? { code: STATUS_CODE.error, message: record.error?.message ?? record.outcome } : { code: STATUS_CODE.unset },
  };
  return [server, ...record.attempts.map((attempt) => attemptSpan(source, attempt))];
}

/** The spans with the opt-in content event (`content-event.ts`) added to the server span, the first. */
export function withContent([server, ...attempts]: OtlpSpan[], content: OtlpEvent): OtlpSpan[] {
  return server ? [{ ...server, events: [...server.events, content] }, ...attempts] : attempts;
}

/** The resource every export is reported under: the gateway as one service. */
export const gatewayResource = () => ({ attributes: attributesOf({ [GENERAL.serviceName]: SERVICE_NAME }) });

/** One OTLP export of spans, under the gateway's resource and scope. */
export function tracesRequest(spans: OtlpSpan[]): ExportTraceServiceRequest {
  return { resourceSpans: [{ resource: gatewayResource(), scopeSpans: [{ scope: { name: SCOPE_NAME }, spans }] }] };
}
