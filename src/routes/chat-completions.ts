import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type AttemptLoopResult, runAttemptLoop } from "../attempts/attempt-loop.ts";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import { failedClosedResponse, loopFailureError } from "../attempts/loop-failure.ts";
import { RequestScope } from "../attempts/request-scope.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { runStreamAttempt } from "../attempts/run-stream-attempt.ts";
import { type ChatRequest, parseChatRequest } from "../chat/chat-request.ts";
import type { Target } from "../config/schemas.ts";
import { errorResponse } from "../http/error-response.ts";
import { GatewayError } from "../http/gateway-error.ts";
import { HEADER, SSE_HEADERS } from "../http/headers.ts";
import type { RequestLogSink } from "../logs/log-sink.ts";
import { clientStream } from "../stream/client-stream.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";

/** Headers naming the target that served (absent when none did) and the attempts made. */
function servedHeaders(attempts: AttemptRecord[], target: Target | null): Record<string, string> {
  const headers: Record<string, string> = { [HEADER.attempts]: String(attempts.length) };
  if (target) {
    headers[HEADER.provider] = target.provider;
    headers[HEADER.model] = target.model;
  }
  return headers;
}

/** Streams always ask the upstream for usage, so every streamed request has it in its log. */
function upstreamBody(request: ChatRequest, stream: boolean): Record<string, unknown> {
  if (!stream) return request;
  return { ...request, stream_options: { ...(request.stream_options ?? {}), include_usage: true } };
}

/** `POST /v1/chat/completions`: parse, resolve the workflow, run the attempt loop, answer. */
export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const request = parseChatRequest(await c.req.text());
  const { store, key, requestId, receivedAt } = c.var;
  const log = c.var.log as RequestLogSink;
  const route = await resolveRoute(store, key, request.model);
  const stream = request.stream === true;
  log.describe(request, route, stream);
  const scope = new RequestScope(c.req.raw.signal, route.timeouts.totalMs, receivedAt);
  const loop = {
    requestId,
    route,
    body: upstreamBody(request, stream),
    stream,
    receivedAt,
    scope,
    loadProvider: async (name: string) => {
      const provider = await store.getProvider(key.tenant, name);
      if (provider) log.noteProvider(provider);
      return provider;
    },
  };

  if (stream) {
    const result = await runAttemptLoop({ ...loop, run: runStreamAttempt });
    log.attempts(result.attempts, result.kind === "committed" ? result.target : null);
    if (result.kind !== "committed") return failure(result, scope, log);
    log.responseStarted();
    log.deferUntilStreamEnds();
    const body = clientStream({
      held: result.success.held,
      reader: result.success.reader,
      abort: result.abort,
      idleMs: route.timeouts.idleMs,
      keepaliveMs: route.timeouts.keepaliveMs,
      hideUsageChunks: request.stream_options?.include_usage !== true,
      onEvent: (event) => log.observe(event),
      onEnd: (end) => {
        scope.dispose();
        log.streamEnded(end);
      },
    });
    return new Response(body, { headers: { ...SSE_HEADERS, ...servedHeaders(result.attempts, result.target) } });
  }

  const result = await runAttemptLoop({ ...loop, run: runCompletionAttempt });
  scope.dispose();
  log.attempts(result.attempts, result.kind === "committed" ? result.target : null);
  if (result.kind !== "committed") return failure(result, scope, log);
  log.responseStarted();
  log.completed(result.success);
  log.finish({ outcome: "completed", httpStatus: 200 });
  return Response.json(result.success, { headers: servedHeaders(result.attempts, result.target) });
}

function failure(result: Exclude<AttemptLoopResult<unknown>, { kind: "committed" }>, scope: RequestScope, log: RequestLogSink): Response {
  scope.dispose();
  const headers = servedHeaders(result.attempts, null);
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
