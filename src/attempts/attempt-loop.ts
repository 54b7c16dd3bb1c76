import type { Target } from "../config/schemas.ts";
import type { RequestEvent } from "../journal/request-event.ts";
import type { ProviderAdapter, RequestTranslation } from "../providers/provider-adapter.ts";
import { abortableSleep, type UpstreamAbort } from "../stream/upstream-abort.ts";
import type { ResolvedRoute } from "../workflow/resolve-route.ts";
import { type AttemptFailure, attemptFailure } from "./attempt-failure.ts";
import type { AttemptOutcome, AttemptRunner } from "./attempt-outcome.ts";
import type { AttemptRecord } from "./attempt-record.ts";
import { backoffDelayMs } from "./backoff.ts";
import { classifyFailure } from "./classify-failure.ts";
import { decideNextStep } from "./decide-next.ts";
import type { RequestScope, ScopeStop } from "./request-scope.ts";
import { headersOfInterest } from "./upstream-headers.ts";

export interface AttemptLoopInput<S> {
  requestId: string;
  route: ResolvedRoute;
  /** The client's body; each attempt sends it with `model` set to the target's model. */
  body: Record<string, unknown>;
  stream: boolean;
  receivedAt: number;
  scope: RequestScope;
  /** The adapter of the tenant's provider `name` and its type, or null when it has none (any more). */
  loadAdapter: (name: string) => Promise<LoadedProvider | null>;
  run: AttemptRunner<S>;
  /** Told each attempt's start and end, with its decision. */
  emit: (event: Extract<RequestEvent, { type: "attempt_started" | "attempt_ended" }>) => void;
  /** Upstream text (reasons, error bodies, headers) with the request's secrets removed. */
  redact: (text: string) => string;
  /** Indexes of `route.targets` the circuit breaker passes over: each is recorded as a skip, not contacted. */
  skip?: ReadonlySet<number>;
  /** Fields the client sent that its door already left out (e.g. a Messages request's `thinking`): named on every attempt. */
  droppedParams?: string[];
}

/** A tenant's provider, ready to call. */
export interface LoadedProvider {
  adapter: ProviderAdapter;
  type: string;
}

/** How the loop ended. */
export type AttemptLoopResult<S> =
  | { kind: "committed"; target: Target; providerType: string | null; success: S; abort: UpstreamAbort; attempts: AttemptRecord[] }
  /** The request itself was refused upstream (400/413/422): returned as is, no failover. */
  | { kind: "failed_closed"; failure: AttemptFailure; attempts: AttemptRecord[] }
  | { kind: "exhausted"; attempts: AttemptRecord[] }
  | { kind: ScopeStop; attempts: AttemptRecord[] };

/** The upstream's headers of interest, with any echoed secret removed. */
function redactedHeaders(headers: Record<string, string> | null, redact: (text: string) => string): Record<string, string> | null {
  if (!headers) return null;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redact(value)]));
}

/** Runs `run` once under a `firstEventMs` timer that aborts the upstream on expiry. */
async function timedAttempt<S>(
  input: AttemptLoopInput<S>,
  adapter: ProviderAdapter,
  target: Target,
  body: Record<string, unknown>,
  abort: UpstreamAbort,
): Promise<AttemptOutcome<S>> {
  const timeoutMs = Math.min(input.route.timeouts.firstEventMs, input.scope.remainingMs());
  const timer = setTimeout(() => abort.abort("first_event_timeout"), timeoutMs);
  try {
    return await input.run(
      adapter,
      { requestId: input.requestId, body, model: target.model, stream: input.stream, signal: abort.signal },
      abort,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The adapter's translation; one that throws on an input it did not foresee refuses the target instead of failing the request. */
function translate(adapter: ProviderAdapter, body: Record<string, unknown>, stream: boolean): RequestTranslation {
  try {
    return adapter.translateRequest(body, stream);
  } catch (error) {
    return {
      ok: false,
      param: "messages",
      message: `the provider's translation cannot take this request: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** One attempt on `target`: translated for its provider, then run; a missing provider or a refused parameter fails at once. */
async function attemptTarget<S>(
  input: AttemptLoopInput<S>,
  adapter: ProviderAdapter | null,
  target: Target,
  abort: UpstreamAbort,
): Promise<{
  outcome: AttemptOutcome<S>;
  sentBody: Record<string, unknown>;
  droppedParams: string[];
  upstreamHeaders: Record<string, string> | null;
}> {
  const body = { ...input.body, model: target.model };
  if (!adapter || adapter.unavailable) {
    const failure = attemptFailure("provider_missing", adapter?.unavailable ?? `no provider named '${target.provider}'`);
    return { outcome: { kind: "failed", failure, firstByteAt: null }, sentBody: body, droppedParams: [], upstreamHeaders: null };
  }
  const translation = translate(adapter, body, input.stream);
  if (!translation.ok) {
    const failure = attemptFailure("unsupported_parameter", translation.message, { param: translation.param });
    return { outcome: { kind: "failed", failure, firstByteAt: null }, sentBody: body, droppedParams: [], upstreamHeaders: null };
  }
  // The adapter's send, observed: the record keeps the upstream's headers of interest, whatever the outcome.
  let upstreamHeaders: Record<string, string> | null = null;
  const observed: ProviderAdapter = {
    ...adapter,
    send: async (call) => {
      const response = await adapter.send(call);
      upstreamHeaders = headersOfInterest(response.headers);
      return response;
    },
  };
  const outcome = await timedAttempt(input, observed, target, translation.body, abort);
  return { outcome, sentBody: translation.body, droppedParams: translation.dropped, upstreamHeaders };
}

/** The record of a target the breaker passed over: no upstream call, nothing sent. */
function skippedRecord(target: Target, receivedAt: number): AttemptRecord {
  return {
    provider: target.provider,
    model: target.model,
    startedAtMs: Date.now() - receivedAt,
    firstByteMs: null,
    durationMs: 0,
    status: null,
    errorClass: "circuit_open",
    reason: "skipped: the target's circuit is open",
    decision: "skip",
    upstreamHeaders: null,
    droppedParams: [],
    requestBody: {},
  };
}

/**
 * The attempt loop: targets in order, each created only when its turn comes, each retried per
 * the workflow's policy, until one commits or a decision ends the request. A plain loop over
 * typed outcomes; every decision is a pure function.
 */
export async function runAttemptLoop<S>(input: AttemptLoopInput<S>): Promise<AttemptLoopResult<S>> {
  const attempts: AttemptRecord[] = [];
  const { targets, retry } = input.route;
  const { emit, redact } = input;
  const ended = (attempt: AttemptRecord, providerType: string | null) => {
    attempts.push(attempt);
    emit({ type: "attempt_ended", attempt, providerType });
  };
  for (const [index, target] of targets.entries()) {
    if (input.skip?.has(index)) {
      ended(skippedRecord(target, input.receivedAt), null);
      continue;
    }
    const loaded = await input.loadAdapter(target.provider);
    const providerType = loaded?.type ?? null;
    for (let attemptOfTarget = 1; ; attemptOfTarget++) {
      if (input.scope.stopped) return { kind: input.scope.stopped, attempts };
      const startedAt = Date.now();
      const abort = input.scope.beginAttempt();
      emit({ type: "attempt_started", target });
      const { outcome, sentBody, droppedParams, upstreamHeaders } = await attemptTarget(input, loaded?.adapter ?? null, target, abort);
      const record = {
        provider: target.provider,
        model: target.model,
        startedAtMs: startedAt - input.receivedAt,
        firstByteMs: outcome.firstByteAt === null ? null : outcome.firstByteAt - input.receivedAt,
        durationMs: Date.now() - startedAt,
        droppedParams: input.droppedParams?.length ? [...input.droppedParams, ...droppedParams] : droppedParams,
        upstreamHeaders: redactedHeaders(upstreamHeaders, redact),
        requestBody: sentBody,
      };
      if (outcome.kind === "committed") {
        ended({ ...record, status: outcome.status, errorClass: null, reason: null, decision: "commit" }, providerType);
        return { kind: "committed", target, providerType, success: outcome.success, abort, attempts };
      }
      // A failed attempt's upstream is closed now, whatever happens next.
      abort.abort("abandoned");
      const failure = {
        ...outcome.failure,
        reason: redact(outcome.failure.reason),
        body: outcome.failure.body && redact(outcome.failure.body),
      };
      const failed = {
        ...record,
        status: failure.status,
        errorClass: failure.kind,
        reason: failure.reason,
        ...(failure.param ? { param: failure.param } : {}),
      };
      if (input.scope.stopped) {
        ended({ ...failed, decision: "fail" }, providerType);
        return { kind: input.scope.stopped, attempts };
      }
      const action = classifyFailure(failure);
      const next = decideNextStep({
        action,
        attemptOfTarget,
        maxAttempts: retry.maxAttempts,
        retryAfterMs: failure.retryAfterMs,
        backoffMs: backoffDelayMs(attemptOfTarget, retry),
        remainingMs: input.scope.remainingMs(),
        hasNextTarget: index < targets.length - 1,
      });
      ended({ ...failed, decision: next.kind }, providerType);
      if (next.kind === "fallback") break;
      if (next.kind === "fail")
        return action === "fail_closed" ? { kind: "failed_closed", failure, attempts } : { kind: "exhausted", attempts };
      await abortableSleep(next.delayMs, input.scope.signal).catch(() => {});
    }
  }
  return { kind: "exhausted", attempts };
}
