/**
 * Every attribute and event name the gateway exports, in one place. The `gen_ai.*` names follow
 * the OpenTelemetry GenAI semantic conventions as of semantic-conventions v1.41.0 (experimental
 * upstream: a rename there is a change here, pinned by `span-attributes.test.ts`). The gateway's
 * own facts live under `gateway.*` (docs/telemetry.md lists them).
 */
export const GEN_AI = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestStream: "gen_ai.request.stream",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  finishReasons: "gen_ai.response.finish_reasons",
  timeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  cacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  cacheCreationInputTokens: "gen_ai.usage.cache_creation.input_tokens",
} as const;

/** Content, exported only when the tenant's exporter opts in and the workflow keeps content (`logContent: "full"`). */
export const GEN_AI_CONTENT = {
  event: "gen_ai.client.inference.operation.details",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
} as const;

/** The GenAI client metrics (semantic conventions v1.41.0) and the gateway's own, with their units. */
export const METRIC = {
  operationDuration: { name: "gen_ai.client.operation.duration", unit: "s" },
  timeToFirstChunk: { name: "gen_ai.client.operation.time_to_first_chunk", unit: "s" },
  tokenUsage: { name: "gen_ai.client.token.usage", unit: "{token}" },
  cost: { name: "gateway.cost", unit: "USD" },
  failovers: { name: "gateway.failovers", unit: "{attempt}" },
} as const;

/** `gen_ai.token.type` on `gen_ai.client.token.usage`: which side of the call the tokens were. */
export const TOKEN_TYPE = { attribute: "gen_ai.token.type", input: "input", output: "output" } as const;

/** General conventions the spans use. */
export const GENERAL = {
  errorType: "error.type",
  httpStatus: "http.response.status_code",
  httpMethod: "http.request.method",
  urlPath: "url.path",
  serviceName: "service.name",
} as const;

/** The gateway's own facts, one namespace. */
export const GATEWAY = {
  requestId: "gateway.request.id",
  clientRequestId: "gateway.client_request.id",
  tenant: "gateway.tenant",
  keyId: "gateway.key.id",
  workflow: "gateway.workflow",
  outcome: "gateway.outcome",
  cache: "gateway.cache",
  costUsd: "gateway.cost_usd",
  costSavedUsd: "gateway.cost_saved_usd",
  usageEstimated: "gateway.usage.estimated",
  attempts: "gateway.attempts",
  disconnect: "gateway.disconnect",
  attemptProvider: "gateway.attempt.provider",
  attemptDecision: "gateway.attempt.decision",
  attemptRole: "gateway.attempt.role",
  attemptReason: "gateway.attempt.reason",
  contentTruncated: "gateway.content.truncated",
} as const;

/** Span event names (the commit point and how a stream ended). */
export const SPAN_EVENT = {
  commit: "gateway.commit",
  firstContent: "gateway.first_content",
  streamFailure: "gateway.stream_failure",
  clientAbort: "gateway.client_abort",
} as const;

/** The `service.name` of the gateway's spans. */
export const SERVICE_NAME = "ai-gateway";
/** The instrumentation scope the spans are reported under. */
export const SCOPE_NAME = "ai-gateway.settle";
