import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type AttemptLoopResult, runAttemptLoop } from "../attempts/attempt-loop.ts";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import { failedClosedResponse, loopFailureError } from "../attempts/loop-failure.ts";
import { RequestScope } from "../attempts/request-scope.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { runStreamAttempt } from "../attempts/run-stream-attempt.ts";
import { lookupCache, type RequestCache, replayResponse, storeAnswer } from "../cache/response-cache.ts";
import { type ChatRequest, parseChatRequest } from "../chat/chat-request.ts";
import { CompletionAssembler } from "../chat/completion-assembler.ts";
import { openProvider } from "../config/open-provider.ts";
import type { Target } from "../config/schemas.ts";
import { bufferedContractStreamAttempt, contractCompletionAttempt, endOfStreamCheck } from "../contract/contract-attempts.ts";
import { withNativeContract } from "../contract/native-contract.ts";
import { resolveContract } from "../contract/response-contract.ts";
import { errorResponse } from "../http/error-response.ts";
import { GatewayError } from "../http/gateway-error.ts";
import { HEADER, SSE_HEADERS } from "../http/headers.ts";
import { CONTRACT_MAX_OUTPUT_CHARS, KV_MAX_VALUE_BYTES } from "../limits.ts";
import type { RequestLogSink } from "../logs/log-sink.ts";
import { adapterBindings, createAdapter } from "../providers/create-adapter.ts";
import { clientStream } from "../stream/client-stream.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";

/** Headers naming the target that served (absent when none did), the attempts made and the cache status. */
function gatewayHeaders(attempts: AttemptRecord[], target: Target | null, cache: RequestCache | null): Record<string, string> {
  const headers: Record<string, string> = { [HEADER.attempts]: String(attempts.length) };
  if (target) {
    headers[HEADER.provider] = target.provider;
    headers[HEADER.model] = target.model;
  }
  if (cache) headers[HEADER.cache] = cache.status;
  const dropped = attempts.at(-1)?.droppedParams ?? [];
  if (target && dropped.length > 0) headers[HEADER.droppedParams] = dropped.join(", ");
  return headers;
}

/** Streams always ask the upstream for usage, so every streamed request has it in its log. */
function upstreamBody(request: ChatRequest, stream: boolean): Record<string, unknown> {
  if (!stream) return request;
  return { ...request, stream_options: { ...(request.stream_options ?? {}), include_usage: true } };
}

/** `POST /v1/chat/completions`: parse, resolve the workflow, answer from the cache or the attempt loop. */
export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const request = parseChatRequest(await c.req.text());
  const { store, key, requestId, receivedAt } = c.var;
  const log = c.var.log as RequestLogSink;
  const route = await resolveRoute(store, key, request.model);
  const stream = request.stream === true;
  const clientWantsUsage = request.stream_options?.include_usage === true;
  log.describe(request, route, stream);
  const contract = resolveContract(route, request);
  log.contractApplies(contract);
  const onVerdict = log.contractVerdict.bind(log);

  const cache = await lookupCache(c.env.CACHE, key.tenant, route, request, c.req.header("cache-control"));
  log.cacheStatus(cache?.status ?? null);
  if (cache?.hit) {
    log.cacheHit(cache.hit.completion, cache.hit.servedBy);
    log.responseStarted();
    log.finish({ outcome: "completed", httpStatus: 200 });
    return replayResponse(cache.hit, stream, clientWantsUsage, gatewayHeaders([], cache.hit.servedBy, cache));
  }

  const scope = new RequestScope(c.req.raw.signal, route.timeouts.totalMs, receivedAt);
  const loop = {
    requestId,
    route,
    body: withNativeContract(upstreamBody(request, stream), contract),
    stream,
    receivedAt,
    scope,
    loadAdapter: async (name: string) => {
      const provider = await store.getProvider(key.tenant, name);
      if (!provider) return null;
      log.noteProvider(provider);
      return createAdapter(await openProvider(provider, c.env.SECRETS_KEY), adapterBindings(c.env));
    },
  };

  if (stream) {
    const buffered = contract?.policy.stream === "buffer";
    const result = await runAttemptLoop({
      ...loop,
      run: contract && buffered ? bufferedContractStreamAttempt(contract, onVerdict) : runStreamAttempt,
    });
    log.attempts(result.attempts, result.kind === "committed" ? result.target : null);
    if (result.kind !== "committed") return failure(result, scope, log, cache);
    log.responseStarted();
    log.deferUntilStreamEnds();
    // The whole answer is kept only to validate it at the end or to cache it; bounded so huge streams stay flat in memory.
    const validateAtEnd = contract && !buffered ? contract : null;
    const answer =
      validateAtEnd || cache?.policy.write
        ? new CompletionAssembler(validateAtEnd ? CONTRACT_MAX_OUTPUT_CHARS : KV_MAX_VALUE_BYTES / 4)
        : null;
    const body = clientStream({
      held: result.success.held,
      reader: result.success.reader,
      abort: result.abort,
      idleMs: route.timeouts.idleMs,
      keepaliveMs: route.timeouts.keepaliveMs,
      hideUsageChunks: !clientWantsUsage,
      verifyCompletion: validateAtEnd && answer ? endOfStreamCheck(validateAtEnd, answer, onVerdict) : undefined,
      onEvent: (event) => {
        log.observe(event);
        if (answer && event.type === "chunk") answer.add(event.chunk);
      },
      onEnd: (end) => {
        scope.dispose();
        log.streamEnded(end);
        if (answer && cache?.policy.write && end.kind === "completed" && !answer.overflowed)
          storeAnswer(c.executionCtx, c.env.CACHE, cache, answer.completion(), result.target);
      },
    });
    return new Response(body, { headers: { ...SSE_HEADERS, ...gatewayHeaders(result.attempts, result.target, cache) } });
  }

  const result = await runAttemptLoop({ ...loop, run: contract ? contractCompletionAttempt(contract, onVerdict) : runCompletionAttempt });
  scope.dispose();
  log.attempts(result.attempts, result.kind === "committed" ? result.target : null);
  if (result.kind !== "committed") return failure(result, scope, log, cache);
  log.responseStarted();
  log.completed(result.success);
  log.finish({ outcome: "completed", httpStatus: 200 });
  storeAnswer(c.executionCtx, c.env.CACHE, cache, result.success, result.target);
  return Response.json(result.success, { headers: gatewayHeaders(result.attempts, result.target, cache) });
}

function failure(
  result: Exclude<AttemptLoopResult<unknown>, { kind: "committed" }>,
  scope: RequestScope,
  log: RequestLogSink,
  cache: RequestCache | null,
): Response {
  scope.dispose();
  const headers = gatewayHeaders(result.attempts, null, cache);
  if (result.kind === "failed_closed") {
    const response = failedClosedResponse(result.failure);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    log.failedWith(
      new GatewayError({
        status: response.status,
        type: "invalid_request_error",
        code: "upstream_rejected_request",
        publicMessage: result.failure.reason,
      }),
    );
    log.finish({ outcome: "failed_before_output", httpStatus: response.status });
    return response;
  }
  const error = loopFailureError(result);
  log.failedWith(error);
  log.finish(
    result.kind === "client_aborted"
      ? { outcome: "client_aborted", httpStatus: error.status, disconnect: "client" }
      : { outcome: "failed_before_output", httpStatus: error.status },
  );
  return errorResponse(error, headers);
}
