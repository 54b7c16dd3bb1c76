import { markHosted } from "../http/hosted-request.ts";
import type { DurableDoors } from "./durable-door.ts";
import type { DurableJob, HostedCall } from "./durable-job.ts";

/** The gateway's app as the host runs it (handed in by the request's object: durable/ imports no app). */
export interface HostedApp {
  fetch(request: Request, env: Env, context: ExecutionContext): Response | Promise<Response>;
}

/** Called once a generation reaches a final status (background mode announces it to webhooks); a throw is retried. */
export type OnFinished = (job: DurableJob) => Promise<void>;

/** What the request's object hands its host: the app to run, the doors it may host, the end hook. */
export interface HostSetup {
  app: HostedApp;
  doors: DurableDoors;
  onFinished: OnFinished;
}

/** One run of a request through the gateway's app inside its Durable Object. */
export interface HostedRun {
  /** The app's answer: an SSE stream, or a whole body. */
  response: Promise<Response>;
  /** The queued Response of a background request, once its route accepted it. */
  accepted: Promise<Record<string, unknown>>;
  /** Aborts the run as a client's disconnect would (cancel): the upstream is closed. */
  abort: AbortController;
  /** Resolves after the work the run handed to `waitUntil` (its record's writes). */
  settled(): Promise<void>;
}

/**
 * Re-enters the app with a Request built here and marked as hosted (no client header can claim
 * that), under the request's own id, authenticated by key id: the same middleware, routes,
 * journal and `settle` as an inline request.
 */
export function startHostedRun(
  state: DurableObjectState,
  env: Env,
  app: HostedApp,
  job: DurableJob,
  call: HostedCall,
  secrets: string[],
): HostedRun {
  const abort = new AbortController();
  let accept!: (queued: Record<string, unknown>) => void;
  const accepted = new Promise<Record<string, unknown>>((resolve) => {
    accept = resolve;
  });
  const request = new Request(call.url, { method: call.method, headers: call.headers, body: call.body, signal: abort.signal });
  markHosted(request, {
    requestId: job.requestId,
    receivedAt: job.receivedAt,
    trace: job.trace,
    tenant: job.tenant,
    keyId: job.keyId,
    secrets,
    accepted: accept,
  });
  const pending: Promise<unknown>[] = [];
  const context = {
    waitUntil: (promise: Promise<unknown>) => {
      pending.push(promise);
      state.waitUntil(promise);
    },
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
  const response = Promise.resolve().then(() => app.fetch(request, env, context));
  return {
    response,
    accepted,
    abort,
    settled: async () => {
      await Promise.allSettled(pending);
    },
  };
}
