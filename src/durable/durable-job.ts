import type { TraceContext } from "../http/trace-context.ts";

/** How a request asked to outlive its connection (README "Durable requests"). */
export type DurableMode = "background" | "resumable" | "idempotent";

/** The Responses API's statuses; a chat generation uses the same words. */
export type JobStatus = "queued" | "in_progress" | "completed" | "failed" | "cancelled" | "incomplete";

export const TERMINAL: ReadonlySet<JobStatus> = new Set(["completed", "failed", "cancelled", "incomplete"]);

/** The client's request as the object replays it (no credential: the hosted run is authenticated by key id). */
export interface HostedCall {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: string;
}

/** What the Worker hands the request's object to start a durable generation. */
export interface StartDurable {
  requestId: string;
  receivedAt: number;
  /** The request's trace: the hosted run continues it (its spans are the request's). */
  trace: TraceContext;
  tenant: string;
  keyId: string;
  mode: DurableMode;
  call: HostedCall;
  /** The secrets the Worker saw (the caller's gateway key): redacted from what the run stores and answers; in memory only, never stored. */
  secrets: string[];
}

/** A request that attached to another's generation (the same Idempotency-Key). */
export interface Attachment {
  requestId: string;
  atMs: number;
  /** The generation had ended: the stored outcome was replayed. */
  replayed: boolean;
}

/** A durable generation's state in its object: one value, rewritten at each step. */
export interface DurableJob {
  requestId: string;
  receivedAt: number;
  /** Absent in jobs stored before traces were kept. */
  trace?: TraceContext;
  tenant: string;
  keyId: string;
  mode: DurableMode;
  /** The door it came in by (`DurableDoor.name`). */
  door: string;
  /** The client asked for a stream (only streams can be resumed). */
  stream: boolean;
  status: JobStatus;
  /** The response's head once the hosted run answered: an SSE stream or a whole body. */
  head: { status: number; headers: Array<[string, string]>; stream: boolean } | null;
  /** The Responses API's response before its output (background mode: what polling shows). */
  shell: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  /** Stored event packs (`events:{i}`). */
  packs: number;
  attached: Attachment[];
  restarts: number;
  /** The end was handed to `onFinished` (webhooks); the alarm retries until it was. */
  notified: boolean;
  notifyTries: number;
}

/** A failed generation's error, from the body the gateway answered with (OpenAI's error shape). */
export function errorOfBody(body: string): { code: string; message: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string | null; type?: string; message?: string } };
    const error = parsed.error;
    if (error) return { code: error.code ?? error.type ?? "server_error", message: error.message ?? "" };
  } catch {
    // not JSON: described below
  }
  return { code: "server_error", message: body.slice(0, 500) };
}

/** A JSON body's boolean field (`stream`, `background`), false when absent or the body is not JSON. */
export function bodyFlag(body: string, field: "stream" | "background"): boolean {
  try {
    return (JSON.parse(body) as Record<string, unknown>)[field] === true;
  } catch {
    return false;
  }
}

/** A new generation's job, running from the start: the client's first answer may say `queued`, a poll sees it running. */
export function newJob(input: StartDurable, door: string): DurableJob {
  return {
    requestId: input.requestId,
    receivedAt: input.receivedAt,
    trace: input.trace,
    tenant: input.tenant,
    keyId: input.keyId,
    mode: input.mode,
    door,
    stream: bodyFlag(input.call.body, "stream"),
    status: "in_progress",
    head: null,
    shell: null,
    error: null,
    packs: 0,
    attached: [],
    restarts: 0,
    notified: false,
    notifyTries: 0,
  };
}
