import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { runAttemptLoop } from "../attempts/attempt-loop.ts";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import { failedClosedResponse, loopFailureError } from "../attempts/loop-failure.ts";
import { RequestScope } from "../attempts/request-scope.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { runStreamAttempt } from "../attempts/run-stream-attempt.ts";
import { parseChatRequest } from "../chat/chat-request.ts";
import type { Target } from "../config/schemas.ts";
import { errorResponse } from "../http/error-response.ts";
import { HEADER, SSE_HEADERS } from "../http/headers.ts";
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

/** `POST /v1/chat/completions`: parse, resolve the workflow, run the attempt loop, answer. */
export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const request = parseChatRequest(await c.req.text());
  const { store, key, requestId, receivedAt } = c.var;
  const route = await resolveRoute(store, key, request.model);
  const stream = request.stream === true;
  const scope = new RequestScope(c.req.raw.signal, route.timeouts.totalMs, receivedAt);
  const loop = {
    requestId,
    route,
    body: request,
    stream,
    receivedAt,
    scope,
    loadProvider: (name: string) => store.getProvider(key.tenant, name),
  };

  if (stream) {
    const result = await runAttemptLoop({ ...loop, run: runStreamAttempt });
    if (result.kind !== "committed") return failure(result, scope);
    const body = clientStream({
      held: result.success.held,
      reader: result.success.reader,
      abort: result.abort,
      idleMs: route.timeouts.idleMs,
      keepaliveMs: route.timeouts.keepaliveMs,
      onEnd: () => scope.dispose(),
    });
    return new Response(body, { headers: { ...SSE_HEADERS, ...servedHeaders(result.attempts, result.target) } });
  }

  const result = await runAttemptLoop({ ...loop, run: runCompletionAttempt });
  scope.dispose();
  if (result.kind !== "committed") return failure(result, scope);
  return Response.json(result.success, { headers: servedHeaders(result.attempts, result.target) });
}

function failure(result: Exclude<Awaited<ReturnType<typeof runAttemptLoop>>, { kind: "committed" }>, scope: RequestScope): Response {
  scope.dispose();
  const headers = servedHeaders(result.attempts, null);
  if (result.kind === "failed_closed") {
    const response = failedClosedResponse(result.failure);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  return errorResponse(loopFailureError(result), headers);
}
