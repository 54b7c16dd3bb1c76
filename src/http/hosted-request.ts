import type { TraceContext } from "./trace-context.ts";

/**
 * A request the gateway runs inside its own Durable Object (durable mode): the object re-enters
 * the same app with a Request it built itself, marked here. The mark lives in this isolate's
 * memory, keyed by that Request object, so no client header can claim it.
 */
export interface HostedRequest {
  /** The id the Worker gave the request: the hosted run keeps it (one record, one object). */
  requestId: string;
  receivedAt: number;
  /** The trace the Worker gave the request, continued by the hosted run (absent for jobs stored before it). */
  trace: TraceContext | undefined;
  /** Who the Worker authenticated; the hosted run re-reads the key by id (a revoked key stops a restart). */
  tenant: string;
  keyId: string;
  /** Secrets of the original request (its gateway key), added to this run's redaction. */
  secrets: string[];
  /** Called by a route once the request is valid and its generation is about to start, with what background mode answers at once. */
  accepted(queued: Record<string, unknown>): void;
}

const hosted = new WeakMap<Request, HostedRequest>();

export function markHosted(request: Request, run: HostedRequest): Request {
  hosted.set(request, run);
  return request;
}

/** The hosted run behind this request, or undefined for a request that came from a client. */
export function hostedRunOf(request: Request): HostedRequest | undefined {
  return hosted.get(request);
}
