import type { Target } from "../config/schemas.ts";
import type { NativeApi, NativeRequest, NativeRequests } from "../providers/native-request.ts";
import type { NativeMode, ProviderAdapter, RequestTranslation } from "../providers/provider-adapter.ts";
import type { UpstreamAbort } from "../stream/upstream-abort.ts";
import { type AttemptFailure, attemptFailure } from "./attempt-failure.ts";
import type { AttemptLoopInput } from "./attempt-loop-types.ts";
import type { AttemptOutcome } from "./attempt-outcome.ts";
import type { AttemptRecord } from "./attempt-record.ts";
import { headersOfInterest } from "./upstream-headers.ts";

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
  headers?: Record<string, string>,
): Promise<AttemptOutcome<S>> {
  const timeoutMs = Math.min(input.route.timeouts.firstEventMs, input.scope.remainingMs());
  const timer = setTimeout(() => abort.abort("first_event_timeout"), timeoutMs);
  try {
    return await input.run(
      adapter,
      { requestId: input.requestId, body, model: target.model, stream: input.stream, signal: abort.signal, headers },
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

/** An attempt that ended before anything was sent upstream (no provider, or a refused parameter). */
function failedBeforeSending<S>(failure: AttemptFailure, body: Record<string, unknown>): AttemptRun<S> {
  return {
    outcome: { kind: "failed", failure, firstByteAt: null },
    sentBody: body,
    droppedParams: [],
    upstreamHeaders: null,
    native: false,
  };
}

/** The client's request in an API this adapter speaks natively, with how to send it; none: translate. */
function nativeOf(requests: NativeRequests | undefined, adapter: ProviderAdapter): { request: NativeRequest; mode: NativeMode } | null {
  if (!requests || !adapter.native) return null;
  for (const [api, mode] of Object.entries(adapter.native) as Array<[NativeApi, NativeMode]>) {
    const request = requests[api];
    if (request) return { request, mode };
  }
  return null;
}

/**
 * One attempt on `target`: translated for its provider (or, given the client's native request for
 * its provider type, that request as is), then run; a missing provider or a refused parameter fails at once.
 */
export async function attemptTarget<S>(
  input: AttemptLoopInput<S>,
  adapter: ProviderAdapter | null,
  target: Target,
  abort: UpstreamAbort,
): Promise<AttemptRun<S>> {
  const body = { ...input.body, model: target.model };
  if (!adapter || adapter.unavailable) {
    return failedBeforeSending(attemptFailure("provider_missing", adapter?.unavailable ?? `no provider named '${target.provider}'`), body);
  }
  const spoken = nativeOf(input.native, adapter);
  const native = spoken?.request;
  if (!native && input.untranslatable) {
    const { param, message } = input.untranslatable;
    return failedBeforeSending(attemptFailure("unsupported_parameter", message, { param }), body);
  }
  // Spread keeps `model` where the client put it: the body goes out as the client wrote it, model aside.
  const translation: RequestTranslation = native
    ? { ok: true, body: { ...native.body, model: target.model }, dropped: [] }
    : translate(adapter, body, input.stream);
  if (!translation.ok) {
    return failedBeforeSending(attemptFailure("unsupported_parameter", translation.message, { param: translation.param }), body);
  }
  // The adapter's send, observed: the record keeps the upstream's headers of interest, whatever the outcome.
  let upstreamHeaders: Record<string, string> | null = null;
  const caller: ProviderAdapter = spoken ? { ...adapter, ...spoken.mode } : adapter;
  const observed: ProviderAdapter = {
    ...caller,
    send: async (call) => {
      const response = await caller.send(call);
      upstreamHeaders = headersOfInterest(response.headers);
      return response;
    },
  };
  const outcome = await timedAttempt(input, observed, target, translation.body, abort, native?.headers);
  return { outcome, sentBody: translation.body, droppedParams: translation.dropped, upstreamHeaders, native: native !== undefined };
}

/** One attempt's result with what the record keeps of it. */
export interface AttemptRun<S> {
  outcome: AttemptOutcome<S>;
  sentBody: Record<string, unknown>;
  droppedParams: string[];
  upstreamHeaders: Record<string, string> | null;
  /** The client's own request went out as is: the door's dropped fields were not dropped. */
  native: boolean;
}

/** The fields of an attempt's record known whatever its decision. */
export function recordBase<S>(
  input: AttemptLoopInput<S>,
  target: Target,
  startedAt: number,
  run: AttemptRun<S>,
): Omit<AttemptRecord, "status" | "errorClass" | "reason" | "decision"> {
  const { outcome, droppedParams, sentBody } = run;
  return {
    provider: target.provider,
    model: target.model,
    startedAtMs: startedAt - input.receivedAt,
    firstByteMs: outcome.firstByteAt === null ? null : outcome.firstByteAt - input.receivedAt,
    durationMs: Date.now() - startedAt,
    droppedParams: input.droppedParams?.length && !run.native ? [...input.droppedParams, ...droppedParams] : droppedParams,
    upstreamHeaders: redactedHeaders(run.upstreamHeaders, input.redact),
    requestBody: sentBody,
  };
}

/** A failure with its upstream text redacted, and the record fields it fills. */
export function redactedFailure(failure: AttemptFailure, redact: (text: string) => string) {
  const redacted = { ...failure, reason: redact(failure.reason), body: failure.body && redact(failure.body) };
  const fields = {
    status: redacted.status,
    errorClass: redacted.kind,
    reason: redacted.reason,
    ...(redacted.param ? { param: redacted.param } : {}),
  };
  return { failure: redacted, fields };
}
