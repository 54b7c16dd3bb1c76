import { app } from "../app.ts";
import { HEADER } from "../http/headers.ts";
import { retentionMs } from "../logs/retention.ts";
import { LOG_BLOB_MAX_CHARS } from "../platform-limits.ts";
import {
  type Attachment,
  type DurableJob,
  errorOfBody,
  type HostedCall,
  type StartDurable,
  statusOfBody,
  statusOfLastFrame,
  TERMINAL,
} from "./durable-job.ts";
import { EventLog } from "./event-log.ts";
import { markHosted } from "./hosted-request.ts";

/** While a generation runs, an alarm checks it is still alive this often (it re-arms itself). */
export const WATCHDOG_MS = 60_000;

/** Response header on a duplicate answered from the stored outcome (IETF Idempotency-Key draft, Stripe's name). */
export const IDEMPOTENT_REPLAYED = "idempotent-replayed";

/** A whole (non-stream) answer, kept to answer attached and later duplicates. */
interface StoredOutcome {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** What only the running object knows: the hosted run's abort, its event log or answer, its end. */
interface LiveGeneration {
  abort: AbortController;
  log: EventLog | null;
  outcome: Promise<StoredOutcome | null>;
  done: Promise<void>;
}

/** Called once a generation reaches a final status (background mode announces it to webhooks). */
export type OnFinished = (job: DurableJob) => Promise<void>;

const JOB = "job";
const CALL = "job:call";
const OUTCOME = "outcome";
const packName = (index: number) => `events:${index}`;

/**
 * The request's Durable Object as the owner of a durable generation: it runs the request through
 * the gateway's own app (the same path as inline requests, under the same id), keeps the stream's
 * events (numbered, in packs) or the whole answer, and serves the first client, clients that
 * attach (Idempotency-Key) and clients that resume, from memory while live and from storage after.
 * A generation never runs twice: resuming and attaching only read.
 */
export class GenerationHost {
  private live: LiveGeneration | null = null;
  /** The one copy of the job in this instance: every step mutates it and stores it whole, so no step overwrites another's. */
  private current: DurableJob | null = null;

  private readonly state: DurableObjectState;
  private readonly env: Env;
  private readonly onFinished: OnFinished;

  constructor(state: DurableObjectState, env: Env, onFinished: OnFinished) {
    this.state = state;
    this.env = env;
    this.onFinished = onFinished;
  }

  async job(): Promise<DurableJob | null> {
    this.current ??= (await this.state.storage.get<DurableJob>(JOB)) ?? null;
    return this.current;
  }

  /** Starts the generation and answers its first client: the stream, the whole answer, or (background) the queued response. */
  async start(input: StartDurable): Promise<Response> {
    if (await this.job()) return this.attach(input.requestId, input.receivedAt);
    const door = new URL(input.call.url).pathname === "/v1/responses" ? "responses" : "chat";
    const job: DurableJob = {
      requestId: input.requestId,
      receivedAt: input.receivedAt,
      tenant: input.tenant,
      keyId: input.keyId,
      mode: input.mode,
      door,
      // Running from the start: the client's first answer says `queued`; a poll sees it running.
      status: "in_progress",
      head: null,
      shell: null,
      error: null,
      packs: 0,
      attached: [],
      restarts: 0,
    };
    this.current = job;
    // A background request is kept so a restarted object can run it again (while it has not answered).
    const keepCall = input.mode === "background" && input.call.body.length <= LOG_BLOB_MAX_CHARS;
    await this.state.storage.put(keepCall ? { [JOB]: job, [CALL]: input.call } : { [JOB]: job });
    const accepted = this.run(job, input.call);
    // Background without a stream answers as soon as the route accepted the request (errors before that are answered as usual).
    if (input.mode === "background" && !wantsStream(input.call.body)) {
      const first = await Promise.race([accepted, this.live?.outcome.then(() => null)]);
      if (first) return Response.json(first, { headers: { [HEADER.requestId]: job.requestId } });
    }
    return this.answer(job, -1);
  }

  /** A duplicate under the same Idempotency-Key: the same generation, never a second one. */
  async attach(requestId: string, now: number): Promise<Response> {
    const job = await this.job();
    if (!job) return conflictAnswer();
    const replayed = TERMINAL.has(job.status);
    const attachment: Attachment = { requestId, atMs: now - job.receivedAt, replayed };
    job.attached.push(attachment);
    await this.state.storage.put(JOB, job);
    const answer = await this.answer(job, -1);
    if (replayed) answer.headers.set(IDEMPOTENT_REPLAYED, "true");
    return answer;
  }

  /** A client resuming a stream: the events after `after`, then live ones; null when this is not the tenant's stream. */
  async follow(tenant: string, after: number): Promise<Response | null> {
    const job = await this.job();
    if (!job || job.tenant !== tenant) return null;
    await this.checkAlive(job);
    if (!job.head?.stream && !this.live?.log) return null;
    return this.answer(job, after);
  }

  /** Cancels a running generation (the upstream is aborted); a finished one is left as it ended. */
  async cancel(tenant: string): Promise<DurableJob | null> {
    const job = await this.job();
    if (!job || job.tenant !== tenant) return null;
    if (TERMINAL.has(job.status)) return job;
    job.status = "cancelled";
    await this.state.storage.put(JOB, job);
    this.live?.abort.abort(new Error("cancelled by the client"));
    if (!this.live) await this.finish(job);
    return job;
  }

  /** The job as a poll sees it, after making sure a job the object lost (a restart) is not reported as running. */
  async status(tenant: string): Promise<DurableJob | null> {
    const job = await this.job();
    if (!job || job.tenant !== tenant) return null;
    await this.checkAlive(job);
    return job;
  }

  /** The object's alarm: true when a durable job needed it (a watchdog check), false to let retention run. */
  async onAlarm(): Promise<boolean> {
    const job = await this.job();
    if (!job || TERMINAL.has(job.status)) return false;
    if (this.live) {
      await this.state.storage.setAlarm(Date.now() + WATCHDOG_MS);
      return true;
    }
    // A restart ran inside this alarm: its 15 minutes of wall time carry the generation.
    await this.checkAlive(job);
    await (this.live as LiveGeneration | null)?.done;
    return true;
  }

  /**
   * A job marked running that this object is not running was cut by a restart (a deploy, an
   * eviction). Run again if nothing was answered yet (background only); otherwise it failed.
   */
  private async checkAlive(job: DurableJob): Promise<void> {
    if (this.live || TERMINAL.has(job.status)) return;
    const call = job.head === null && job.restarts < 2 ? await this.state.storage.get<HostedCall>(CALL) : undefined;
    if (call) {
      job.restarts++;
      job.status = "in_progress";
      await this.state.storage.put(JOB, job);
      this.run(job, call);
      return;
    }
    job.status = "failed";
    job.error = { code: "generation_interrupted", message: "The gateway restarted while this generation ran; it did not finish." };
    await this.finish(job);
  }

  /** Runs the request through the app, in this object; resolves with the response shell once a route accepts it. */
  private run(job: DurableJob, call: HostedCall): Promise<Record<string, unknown>> {
    const abort = new AbortController();
    let accept!: (shell: Record<string, unknown>) => void;
    const accepted = new Promise<Record<string, unknown>>((resolve) => {
      accept = resolve;
    });
    const request = markHosted(
      new Request(call.url, { method: call.method, headers: call.headers, body: call.body, signal: abort.signal }),
      {
        requestId: job.requestId,
        receivedAt: job.receivedAt,
        tenant: job.tenant,
        keyId: job.keyId,
        accepted: (shell) => {
          job.shell = shell;
          accept(shell);
        },
      },
    );
    const settling: Promise<unknown>[] = [];
    const context = {
      waitUntil: (promise: Promise<unknown>) => {
        settling.push(promise);
        this.state.waitUntil(promise);
      },
      passThroughOnException: () => {},
      props: {},
    } as unknown as ExecutionContext;
    let resolveOutcome!: (outcome: StoredOutcome | null) => void;
    const outcome = new Promise<StoredOutcome | null>((resolve) => {
      resolveOutcome = resolve;
    });
    const live: LiveGeneration = { abort, log: null, outcome, done: Promise.resolve() };
    this.live = live;
    live.done = (async () => {
      try {
        await this.state.storage.setAlarm(Date.now() + WATCHDOG_MS);
        const response = await app.fetch(request, this.env, context);
        const stream = (response.headers.get("content-type") ?? "").startsWith("text/event-stream") && response.body !== null;
        job.head = { status: response.status, headers: [...response.headers], stream };
        if (stream && response.body) {
          live.log = new EventLog({ writePack: (index, frames) => this.state.storage.put(packName(index), frames) });
          await this.state.storage.put(JOB, job);
          resolveOutcome(null);
          await this.pump(response.body, live.log);
          job.packs = live.log.packs;
          if (job.status !== "cancelled") job.status = statusOfLastFrame(job.door, live.log.frames.at(-1));
        } else {
          const body = await response.text();
          const whole: StoredOutcome = { status: response.status, headers: job.head.headers, body };
          await this.state.storage.put(OUTCOME, whole);
          resolveOutcome(whole);
          if (job.status !== "cancelled") job.status = statusOfBody(job.door, response.status, body);
          if (job.status === "failed") job.error = errorOfBody(body);
        }
        // The record and stored response are written before the job reads as finished: a poll that sees `completed` finds them.
        await Promise.allSettled(settling);
      } catch (error) {
        console.error(`[${job.requestId}] durable generation: ${error instanceof Error ? error.message : String(error)}`);
        if (job.status !== "cancelled") job.status = "failed";
        job.error ??= { code: "server_error", message: "The gateway failed while running this generation." };
        resolveOutcome(null);
        await live.log?.end();
      } finally {
        this.live = null;
        await this.finish(job);
      }
    })();
    this.state.waitUntil(live.done);
    return accepted;
  }

  /** Reads the hosted run's stream to its end, whoever is listening: the generation does not depend on a client. */
  private async pump(body: ReadableStream<Uint8Array>, log: EventLog): Promise<void> {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await log.append(value);
      }
    } catch {
      // The run's body errored (cancelled): what was streamed stays, the status says how it ended.
    } finally {
      await log.end();
    }
  }

  /** Stores the final status and hands the job to `onFinished` (once per job: later calls see it terminal). */
  private async finish(job: DurableJob): Promise<void> {
    if (!TERMINAL.has(job.status)) job.status = "failed";
    await this.state.storage.put(JOB, job);
    // The job expires with the request's record (also when request logging is off).
    await this.state.storage.setAlarm(Date.now() + retentionMs(this.env));
    try {
      await this.onFinished(job);
    } catch (error) {
      console.error(`[${job.requestId}] durable generation end: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The generation's answer for one client: its events after `after`, or its whole answer. */
  private async answer(job: DurableJob, after: number): Promise<Response> {
    const live = this.live;
    const outcome = live ? await live.outcome : await this.state.storage.get<StoredOutcome>(OUTCOME);
    if (outcome) return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
    const log = this.live?.log ?? (await this.storedLog(job));
    if (!job.head || !log) return failedAnswer(job);
    return new Response(log.reader(after), { status: job.head.status, headers: job.head.headers });
  }

  /** A finished stream's events, from their packs. */
  private async storedLog(job: DurableJob): Promise<EventLog | null> {
    if (!job.head?.stream) return null;
    const names = Array.from({ length: job.packs }, (_, i) => packName(i));
    const packs = names.length > 0 ? await this.state.storage.get<string[]>(names) : new Map<string, string[]>();
    const frames = names.flatMap((name) => packs.get(name) ?? []);
    return new EventLog(null, { frames, packs: job.packs, ended: true });
  }
}

function wantsStream(body: string): boolean {
  try {
    return (JSON.parse(body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

/** A generation that ended with no answer to give (the object failed while running it), in OpenAI's error shape. */
function failedAnswer(job: DurableJob): Response {
  const error = job.error ?? { code: "server_error", message: "The generation ended without an answer." };
  return Response.json(
    { error: { message: error.message, type: "server_error", param: null, code: error.code } },
    { status: 500, headers: { [HEADER.requestId]: job.requestId } },
  );
}

/** An Idempotency-Key whose first request never reached its object (it failed before starting). */
function conflictAnswer(): Response {
  return Response.json(
    {
      error: {
        message: "The original request with this Idempotency-Key did not start; retry with a new key.",
        type: "invalid_request_error",
        param: "Idempotency-Key",
        code: "idempotency_key_unusable",
      },
    },
    { status: 409 },
  );
}
