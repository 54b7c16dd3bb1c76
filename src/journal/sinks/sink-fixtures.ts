import type { AttemptRecord } from "../../attempts/attempt-record.ts";
import type { TraceContext } from "../../http/trace-context.ts";
import type { LogWrite, RequestLogRecord } from "../../logs/log-record.ts";
import { RequestSecrets } from "../../secrets/request-secrets.ts";
import { initialState, type JournalState } from "../journal-state.ts";
import { recordOf } from "../request-record.ts";
import type { FinishedRequest } from "./settle-sink.ts";

/** Test support for the settle sinks: an ended request, and bindings that note each call instead of making it. */

/** One call a sink made: binding, object name (or key), method, arguments. */
export type NotedCall = [binding: string, name: string, method: string, ...args: unknown[]];

/** A Durable Object namespace whose stubs note every method call. */
function notingNamespace(binding: string, calls: NotedCall[]) {
  return {
    idFromName: (name: string) => name,
    get: (name: string) =>
      new Proxy(
        {},
        {
          get:
            (_target, method) =>
            async (...args: unknown[]) => {
              calls.push([binding, name, String(method), ...args]);
            },
        },
      ),
  };
}

/** Bindings for the sinks: every object call and KV put is noted in `calls`. */
export function notingEnv(calls: NotedCall[], vars: Record<string, string> = {}): Env {
  const kv = { put: async (key: string, value: string, options: unknown) => void calls.push(["CACHE", key, "put", value, options]) };
  return {
    ...vars,
    REQUEST_LOG: notingNamespace("REQUEST_LOG", calls),
    LOG_INDEX: notingNamespace("LOG_INDEX", calls),
    KEY_USAGE: notingNamespace("KEY_USAGE", calls),
    PROVIDER_HEALTH: notingNamespace("PROVIDER_HEALTH", calls),
    CACHE: kv,
  } as unknown as Env;
}

/** An attempt that failed with a 503 before output, and moved on to the next target. */
export const FAILED_ATTEMPT: AttemptRecord = {
  provider: "p",
  model: "m",
  startedAtMs: 0,
  firstByteMs: null,
  durationMs: 5,
  status: 503,
  errorClass: "http_status",
  reason: "HTTP 503",
  decision: "fallback",
  upstreamHeaders: null,
  droppedParams: [],
  requestBody: {},
};

/** The trace every fixture request belongs to: a caller's, with its span as parent. */
export const TRACE: TraceContext = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "1111111111111111",
  parentSpanId: "00f067aa0ba902b7",
  tracestate: null,
  sampled: true,
};

/** An ended request of tenant `t`, key `k`, with its (already priced) record. */
export function finishedRequest(
  env: Env,
  state: Partial<JournalState> = {},
  record: Partial<RequestLogRecord> = {},
  secrets = new RequestSecrets(),
  flushed: () => Promise<void> = () => Promise.resolve(),
): FinishedRequest {
  const full: JournalState = {
    ...initialState({ id: "req_1", clientRequestId: null, method: "POST", path: "/v1/chat/completions", receivedAt: 1_000, trace: TRACE }),
    tenant: "t",
    keyId: "k",
    ...state,
  };
  const recorded = recordOf(full, null, null);
  const write: LogWrite = { ...recorded, record: { ...recorded.record, ...record } };
  return { env, state: full, secrets, write: async () => write, flushed };
}
