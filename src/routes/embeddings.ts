import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { runAttemptLoop } from "../attempts/attempt-loop.ts";
import { failedClosedResponse, loopFailureError } from "../attempts/loop-failure.ts";
import { RequestScope } from "../attempts/request-scope.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { lookupCache } from "../cache/response-cache.ts";
import { embeddingsOf } from "../embeddings/embeddings-answer.ts";
import { embeddingsProvider } from "../embeddings/embeddings-provider.ts";
import { embeddingsRequestSchema } from "../embeddings/embeddings-request.ts";
import { errorResponse } from "../http/error-response.ts";
import { parseJsonObject, validateWith } from "../http/validate.ts";
import { failedWith } from "../journal/request-event.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";
import { gatewayHeaders } from "./gateway-headers.ts";
import { providerLoader } from "./load-provider.ts";

/**
 * `POST /v1/embeddings`: OpenAI's embeddings through a workflow. The chat path's pieces, without
 * streams or contracts: the same route resolution, exact-match cache, attempt loop (retry,
 * backoff, failover between targets with an embeddings endpoint) and journal events, so the record
 * has attempts, usage and cost. A workflow's targets must share one vector space: failover moves
 * to another model only if its vectors mean the same.
 */
export async function embeddings(c: Context<DataPlaneEnv>): Promise<Response> {
  const { store, key, requestId, receivedAt, journal, secrets } = c.var;
  const request = validateWith(embeddingsRequestSchema, parseJsonObject(await c.req.text()));
  const route = await resolveRoute(store, key, request.model);
  journal.emit({ type: "routed", workflow: route.name, stream: false, logContent: route.logContent, request });

  const cache = await lookupCache(c.env.CACHE, key.tenant, route, request, c.req.header("cache-control"));
  if (cache)
    journal.emit({
      type: "cache_decided",
      status: cache.status,
      slot: cache.policy.write ? { key: cache.key, ttlSeconds: cache.ttlSeconds } : null,
    });
  if (cache?.hit) {
    const { completion, servedBy, providerType } = cache.hit;
    journal.emit({ type: "cache_hit", completion, servedBy, providerType: providerType ?? null });
    return Response.json(embeddingsOf(completion), { headers: gatewayHeaders([], servedBy, cache) });
  }

  const scope = new RequestScope(c.req.raw.signal, route.timeouts.totalMs, receivedAt);
  const load = providerLoader(c.env, store, key.tenant, secrets);
  const result = await runAttemptLoop({
    requestId,
    route,
    body: request,
    stream: false,
    receivedAt,
    scope,
    loadAdapter: async (name) => embeddingsProvider(await load(name)),
    run: runCompletionAttempt,
    emit: journal.emit.bind(journal),
    redact: secrets.redact.bind(secrets),
  });
  scope.dispose();
  if (result.kind === "committed") {
    journal.emit({ type: "committed", target: result.target, providerType: result.providerType, streamed: false });
    journal.emit({ type: "answered", completion: result.success });
    return new Response(secrets.redact(JSON.stringify(embeddingsOf(result.success))), {
      headers: { "content-type": "application/json", ...gatewayHeaders(result.attempts, result.target, cache) },
    });
  }
  const headers = gatewayHeaders(result.attempts, null, cache);
  if (result.kind === "failed_closed") {
    const response = failedClosedResponse(result.failure);
    journal.emit({
      type: "failed",
      error: { status: response.status, type: "invalid_request_error", code: "upstream_rejected_request", message: result.failure.reason },
    });
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  const error = loopFailureError(result);
  journal.emit(failedWith(error));
  return errorResponse(error, headers);
}
