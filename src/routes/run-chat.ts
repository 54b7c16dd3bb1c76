import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { runAttemptLoop } from "../attempts/attempt-loop.ts";
import { RequestScope } from "../attempts/request-scope.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { runStreamAttempt } from "../attempts/run-stream-attempt.ts";
import { replayStream } from "../cache/replay.ts";
import type { ChatRequest } from "../chat/chat-request.ts";
import { CompletionAssembler } from "../chat/completion-assembler.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import { bufferedContractStreamAttempt, contractCompletionAttempt, endOfStreamCheck } from "../contract/contract-attempts.ts";
import { withNativeContract } from "../contract/native-contract.ts";
import { type ContractVerdict, resolveContract } from "../contract/response-contract.ts";
import type { Door } from "../doors/door.ts";
import { hostInObject } from "../durable/durable-dispatch.ts";
import { checkHealth } from "../health/check-health.ts";
import { SSE_HEADERS } from "../http/headers.ts";
import { CONTRACT_MAX_OUTPUT_CHARS } from "../platform-limits.ts";
import { NATIVE_ANSWER, type WithNativeAnswer } from "../providers/native-request.ts";
import { clientStream } from "../stream/client-stream.ts";
import { applyRequestOverrides } from "../workflow/request-overrides.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";
import { weightedOrder } from "../workflow/weighted-order.ts";
import { consultCache, failureAnswer } from "./answer-steps.ts";
import { gatewayHeaders } from "./gateway-headers.ts";
import { providerLoader } from "./load-provider.ts";

/** Streams always ask the upstream for usage, so every streamed request has it in its record. */
function upstreamBody(request: ChatRequest, stream: boolean): Record<string, unknown> {
  if (!stream) return request;
  return { ...request, stream_options: { ...(request.stream_options ?? {}), include_usage: true } };
}

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * One chat request through the shared path, whatever door it came in by: resolve the workflow,
 * answer from the cache or the attempt loop, and write the answer the door's way.
 */
export async function runChat(c: Context<DataPlaneEnv>, request: ChatRequest, door: Door): Promise<Response> {
  // One copy of the request variables (c.var builds an object per read).
  const { store, key, requestId, receivedAt, journal, secrets } = c.var;
  const route = applyRequestOverrides(await resolveRoute(store, key, request.model), key, (name) => c.req.header(name));
  const stream = request.stream === true;
  // A resumable workflow's chat streams run in the request's object (the header asks for the same per request).
  if (route.resumable && stream && !c.get("hosted") && door.durable?.resumable) return hostInObject(c, "resumable", await c.req.text());
  journal.emit({
    type: "routed",
    workflow: route.name,
    operation: "chat",
    stream,
    logContent: route.logContent,
    request: door.clientBody ?? request,
  });
  const contract = resolveContract(route, request);
  if (contract) journal.emit({ type: "contract_applies", source: contract.source, streamMode: contract.policy.stream });
  const onVerdict = (verdict: ContractVerdict) => journal.emit({ type: "contract_verdict", verdict });

  // A request only a native target may take is never answered from a translated one's cached answer.
  const cache = door.untranslatable ? null : await consultCache(c, route, request);
  if (cache?.hit) {
    const { completion, servedBy } = cache.hit;
    const headers = gatewayHeaders([], servedBy, cache);
    if (stream) return new Response(replayStream(completion, door.renderer()), { headers: { ...SSE_HEADERS, ...headers } });
    return new Response(door.answerJson(completion), { headers: { ...JSON_HEADERS, ...headers } });
  }

  // This request's order (weighted first choice, then failover); the cache key keeps the workflow's own.
  const targets = weightedOrder(route.targets, route.weights, requestId);
  const health = route.health ? await checkHealth(c.env, key.tenant, targets, route.health) : null;
  if (health && route.health)
    journal.emit({ type: "health_checked", policy: route.health, skipped: health.skipped, probes: health.probes });
  const scope = new RequestScope(c.req.raw.signal, route.timeouts.totalMs, receivedAt);
  // A contract reshapes the request (a forced tool, …): it goes through translation, never native.
  const native = contract ? undefined : door.nativeRequest;
  const loop = {
    requestId,
    route: { ...route, targets },
    body: withNativeContract(upstreamBody(request, stream), contract),
    stream,
    receivedAt,
    scope,
    loadAdapter: providerLoader(c.env, store, key.tenant, secrets),
    emit: journal.emit.bind(journal),
    redact: secrets.redact.bind(secrets),
    droppedParams: door.droppedParams ?? [],
    untranslatable: door.untranslatable ?? null,
    native,
    skip: health?.skip,
    probe: health?.probe,
  };

  if (stream) {
    const buffered = contract?.policy.stream === "buffer";
    const result = await runAttemptLoop({
      ...loop,
      run: contract && buffered ? bufferedContractStreamAttempt(contract, onVerdict) : runStreamAttempt,
    });
    if (result.kind !== "committed") return failureAnswer(result, scope, journal, cache, door);
    journal.emit({ type: "committed", target: result.target, providerType: result.providerType, streamed: true });
    // A contract checked at the end needs the whole (bounded) answer before `[DONE]`.
    const validateAtEnd = contract && !buffered ? contract : null;
    const answer = validateAtEnd ? new CompletionAssembler(CONTRACT_MAX_OUTPUT_CHARS) : null;
    const body = clientStream({
      held: result.success.held,
      reader: result.success.reader,
      abort: result.abort,
      idleMs: route.timeouts.idleMs,
      keepaliveMs: route.timeouts.keepaliveMs,
      renderer: door.renderer(result.native),
      redact: loop.redact,
      verifyCompletion: validateAtEnd && answer ? endOfStreamCheck(validateAtEnd, answer, onVerdict) : undefined,
      onEvent: (event, delivered) => {
        journal.emit({ type: "chunk", event, delivered });
        if (answer && event.type === "chunk") answer.add(event.chunk);
      },
      onEnd: (end) => {
        scope.dispose();
        journal.emit({ type: "stream_ended", end });
      },
    });
    return new Response(body, { headers: { ...SSE_HEADERS, ...gatewayHeaders(result.attempts, result.target, cache) } });
  }

  const result = await runAttemptLoop({ ...loop, run: contract ? contractCompletionAttempt(contract, onVerdict) : runCompletionAttempt });
  scope.dispose();
  if (result.kind !== "committed") return failureAnswer(result, scope, journal, cache, door);
  journal.emit({ type: "committed", target: result.target, providerType: result.providerType, streamed: false });
  journal.emit({ type: "answered", completion: result.success });
  // One serialization, checked for echoed secrets on the way out.
  const nativeAnswer = result.native ? (result.success as WithNativeAnswer<ChatCompletion>)[NATIVE_ANSWER] : undefined;
  return new Response(secrets.redact(door.answerJson(result.success, nativeAnswer)), {
    headers: { ...JSON_HEADERS, ...gatewayHeaders(result.attempts, result.target, cache) },
  });
}
