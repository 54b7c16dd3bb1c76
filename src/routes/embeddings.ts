import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { runAttemptLoop } from "../attempts/attempt-loop.ts";
import { RequestScope } from "../attempts/request-scope.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { passOnRefusal } from "../doors/openai/openai-door.ts";
import { embeddingsOf } from "../embeddings/embeddings-answer.ts";
import { embeddingsProvider } from "../embeddings/embeddings-provider.ts";
import { embeddingsRequestSchema } from "../embeddings/embeddings-request.ts";
import { errorResponse } from "../http/error-response.ts";
import { parseJsonObject, validateWith } from "../http/validate.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";
import { consultCache, failureAnswer } from "./answer-steps.ts";
import { gatewayHeaders } from "./gateway-headers.ts";
import { providerLoader } from "./load-provider.ts";

/** An answer-only door: OpenAI's error JSON, the upstream's own refusal passed on. */
const embeddingsDoor = { error: errorResponse, refusal: passOnRefusal };

/**
 * `POST /v1/embeddings`: OpenAI's embeddings through a workflow. The chat path's pieces, without
 * streams or contracts: the same route resolution, exact-match cache, attempt loop (retry,
 * backoff, failover between targets with an embeddings endpoint) and journal events, so the record
 * has attempts, usage and cost. A workflow's targets must share one vector space: failover moves
 * to another model only if its vectors mean the same.
 */
export async function embeddings(c: Context<DataPlaneEnv>): Promise<Response> {
  // One copy of the request variables (c.var builds an object per read).
  const { store, key, requestId, receivedAt, journal, secrets } = c.var;
  const request = validateWith(embeddingsRequestSchema, parseJsonObject(await c.req.text()));
  const route = await resolveRoute(store, key, request.model);
  journal.emit({ type: "routed", workflow: route.name, operation: "embeddings", stream: false, logContent: route.logContent, request });

  const cache = await consultCache(c, route, request);
  if (cache?.hit) {
    const { completion, servedBy } = cache.hit;
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
  return failureAnswer(result, scope, journal, cache, embeddingsDoor);
}
