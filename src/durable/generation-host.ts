import { retentionMs } from "../config/retention.ts";
import { HEADER, IDEMPOTENT_REPLAYED } from "../http/headers.ts";
import { answerFor, conflictAnswer } from "./durable-answers.ts";
import { type DurableDoor, knownDoor } from "./durable-door.ts";
import {
  type Attachment,
  type DurableJob,
  errorOfBody,
  type HostedCall,
  type JobStatus,
  newJob,
  type StartDurable,
  TERMINAL,
} from "./durable-job.ts";
import { appendBody, EventLog, numberedFrame } from "./event-log.ts";
import { type HostedRun, type HostSetup, startHostedRun } from "./hosted-run.ts";
import { recordInterrupted } from "./interrupted-record.ts";
import { CALL, JOB, OUTCOME, packName, STORED_VALUE_MAX_CHARS, type StoredOutcome, storedLog } from "./job-storage.ts";

/** While a generation runs, an alarm checks it is still alive this often (it re-arms itself). */
export const WATCHDOG_MS = 60_000;

/** A failed `onFinished` (a webhook announcement) is retried by the alarm this often, this many times. */
const NOTIFY_RETRY_MS = 30_000;
const NOTIFY_MAX_TRIES = 10;

/** How long a duplicate waits for the first request's generation to reach this object (they come from different isolates). */
const ATTACH_WAIT_MS = 10_000;

/** What only the running object knows: the hosted run, its event log or answer, its end. */
interface LiveGeneration {
  run: HostedRun;
  log: EventLog | null;
  outcome: Promise<StoredOutcome | null>;
  done: Promise<void>;
}

/** Whose the object's one alarm was: a durable job's (watchdog, retried announcement) or the record's retention. */
export type AlarmUse = "durable" | "retention";

/**
 * The request's Durable Object as the owner of a durable generation: it runs the request through
 * the gateway's own app (`hosted-run.ts`), keeps the stream's events (numbered, in packs) or the
 * whole answer, and serves the first client, clients that attach (Idempotency-Key) and clients
 * that resume, from memory while live and from storage after. A generation never runs twice
 * because a client resumed or attached; only a restart before any answer runs it again.
 */
export class GenerationHost {
  private live: LiveGeneration | null = null;
  /** The one copy of the job in this instance: every step mutates it and stores it whole, so no step overwrites another's. */
  private current: DurableJob | null = null;
  private readonly jobArrived: Promise<void>;
  private resolveJobArrived!: () => void;

  private readonly state: DurableObjectState;
  private readonly env: Env;
  private readonly setup: HostSetup;

  constructor(state: DurableObjectState, env: Env, setup: HostSetup) {
    this.state = state;
    this.env = env;
    this.setup = setup;
    this.jobArrived = new Promise((resolve) => {
      this.resolveJobArrived = resolve;
    });
  }

  async job(): Promise<DurableJob | null> {
    this.current ??= (await this.state.storage.get<DurableJob>(JOB)) ?? null;
    return this.current;
  }

  /** Starts the generation and answers its first client: the stream, the whole answer, or (background) the queued response. */
  async start(input: StartDurable): Promise<Response> {
    if (await this.job()) return this.attach(input.requestId, input.receivedAt);
    const path = new URL(input.call.url).pathname;
    const job = newJob(input, knownDoor(this.setup.doors.forPath(path), path).name);
    // A background request is kept so a restarted object can run it again (while it has not answered).
    const keepCall = input.mode === "background" && input.call.body.length <= STORED_VALUE_MAX_CHARS;
    await this.state.storage.put(keepCall ? { [JOB]: job, [CALL]: input.call } : { [JOB]: job });
    this.current = job;
    this.resolveJobArrived();
    const live = this.run(job, input.call, input.secrets);
    // Background without a stream answers once the route accepted the request (errors before that are answered as usual).
    if (input.mode === "background" && !job.stream) {
      const first = await Promise.race([live.run.accepted, live.outcome.then(() => null)]);
      if (first) {
        // Stored before the answer: a poll after a restart still finds the response it was promised.
        await this.state.storage.put(JOB, job);
        return Response.json(first, { headers: { [HEADER.requestId]: job.requestId } });
      }
    }
    return this.answer(job, -1);
  }

  /** A duplicate under the same Idempotency-Key: the same generation, never a second one. */
  async attach(requestId: string, now: number): Promise<Response> {
    const job = (await this.job()) ?? (await this.awaitJob());
    if (!job) return conflictAnswer();
    await this.checkAlive(job);
    const replayed = TERMINAL.has(job.status);
    const attachment: Attachment = { requestId, atMs: now - job.receivedAt, replayed };
    job.attached.push(attachment);
    await this.state.storage.put(JOB, job);
    // A running background job is answered as its first client was: at once, with its status.
    if (job.mode === "background" && !job.stream && !replayed && job.shell)
      return Response.json({ ...job.shell, status: job.status }, { headers: { [HEADER.requestId]: job.requestId } });
    const answer = await this.answer(job, -1);
    if (replayed) answer.headers.set(IDEMPOTENT_REPLAYED, "true");
    return answer;
  }

  /** A client resuming a stream: the events after `after`, then live ones; null when this is not the tenant's stream. */
  async follow(tenant: string, after: number): Promise<Response | null> {
    const job = await this.job();
    if (!job || job.tenant !== tenant) return null;
    await this.checkAlive(job);
    if (!job.stream) return null;
    return this.answer(job, after);
  }

  /** Cancels a running background generation (the upstream is aborted); anything else is returned as it is. */
  async cancel(tenant: string): Promise<DurableJob | null> {
    const job = await this.job();
    if (!job || job.tenant !== tenant) return null;
    if (job.mode !== "background" || TERMINAL.has(job.status)) return job;
    job.status = "cancelled";
    await this.state.storage.put(JOB, job);
    if (this.live) this.live.run.abort.abort(new Error("cancelled by the client"));
    // A job this object lost (a restart) is not run again to be cancelled: it ends here.
    else await this.finish(job, "cancelled", null);
    return job;
  }

  /** A background job as a poll sees it (whoever's: the caller checks the tenant), after making sure a job the object lost (a restart) is not reported as running. */
  async background(): Promise<DurableJob | null> {
    const job = await this.job();
    if (job?.mode !== "background" || !job.shell) return null;
    await this.checkAlive(job);
    return job;
  }

  /** The object's alarm: a running job's watchdog, an announcement to retry, or else the record's retention. */
  async onAlarm(): Promise<AlarmUse> {
    const job = await this.job();
    if (!job) return "retention";
    if (!TERMINAL.has(job.status)) {
      if (this.live) {
        await this.state.storage.setAlarm(Date.now() + WATCHDOG_MS);
        return "durable";
      }
      // A restart run inside this alarm has its 15 minutes of wall time.
      await this.checkAlive(job);
      await (this.live as LiveGeneration | null)?.done;
      return "durable";
    }
    if (!job.notified && job.notifyTries < NOTIFY_MAX_TRIES) {
      await this.notify(job);
      return "durable";
    }
    return "retention";
  }

  /**
   * A job marked running that this object is not running was cut by a restart (a deploy, an
   * eviction). It runs again if nothing was answered yet (background only); otherwise it ends
   * `failed`, its stream closed with an error event, and the object writes its record.
   */
  private async checkAlive(job: DurableJob): Promise<void> {
    if (this.live || TERMINAL.has(job.status)) return;
    const call = job.head === null && job.restarts < 2 ? await this.state.storage.get<HostedCall>(CALL) : undefined;
    if (call) {
      job.restarts++;
      await this.state.storage.put(JOB, job);
      this.run(job, call, []);
      return;
    }
    const error = { code: "generation_interrupted", message: "The gateway restarted while this generation ran; it did not finish." };
    job.error = error;
    if (job.head?.stream) {
      // The event that ends the stream, numbered after the stored ones, in the door's own shape.
      const id = (await storedLog(this.state.storage, job))?.frames.length ?? 0;
      await this.state.storage.put({
        [packName(job.packs)]: [numberedFrame(id, this.doorOf(job).interruptionEvent(job, id))],
        [JOB]: { ...job, packs: job.packs + 1 },
      });
      job.packs++;
    }
    await this.finish(job, "failed", error);
    if ((await this.state.storage.get("record")) === undefined) await recordInterrupted(this.env, job, this.doorOf(job).path);
  }

  /** Runs the request through the app, in this object, to its end, whoever is listening. */
  private run(job: DurableJob, call: HostedCall, secrets: string[]): LiveGeneration {
    const run = startHostedRun(this.state, this.env, this.setup.app, job, call, secrets);
    let resolveOutcome!: (outcome: StoredOutcome | null) => void;
    const outcome = new Promise<StoredOutcome | null>((resolve) => {
      resolveOutcome = resolve;
    });
    const live: LiveGeneration = { run, log: null, outcome, done: Promise.resolve() };
    this.live = live;
    // The queued Response is what polls show until the stored one exists (stored with the stream's head, or by `start`).
    void run.accepted.then((shell) => {
      job.shell = shell;
    });
    live.done = (async () => {
      // The final status is kept aside until the record is written: a poll that sees `completed` finds the stored response.
      let ended: JobStatus = "failed";
      let error: DurableJob["error"] = null;
      try {
        await this.state.storage.setAlarm(Date.now() + WATCHDOG_MS);
        const response = await run.response;
        const stream = (response.headers.get("content-type") ?? "").startsWith("text/event-stream") && response.body !== null;
        job.head = { status: response.status, headers: [...response.headers], stream };
        if (stream && response.body) {
          live.log = new EventLog({
            // The pack and the count that makes it replayable, in one write.
            writePack: async (index, frames) => {
              job.packs = index + 1;
              await this.state.storage.put({ [packName(index)]: frames, [JOB]: job });
            },
          });
          await this.state.storage.put(JOB, job);
          resolveOutcome(null);
          await appendBody(live.log, response.body);
          ended = this.doorOf(job).statusOfLastFrame(live.log.frames.at(-1));
        } else {
          const body = await response.text();
          const whole: StoredOutcome = { status: response.status, headers: job.head.headers, body };
          resolveOutcome(whole);
          await this.state.storage.put(OUTCOME, body.length <= STORED_VALUE_MAX_CHARS ? whole : { ...whole, body: null });
          ended = this.doorOf(job).statusOfBody(response.status, body);
          if (ended === "failed") error = errorOfBody(body);
        }
        await run.settled();
      } catch (thrown) {
        console.error(`[${job.requestId}] durable generation: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
        error = { code: "server_error", message: "The gateway failed while running this generation." };
        resolveOutcome(null);
        await live.log?.end();
      } finally {
        this.live = null;
        await this.finish(job, ended, error);
      }
    })();
    this.state.waitUntil(live.done);
    return live;
  }

  /** Stores the final status (a cancel stands) and hands the job to `onFinished`. */
  private async finish(job: DurableJob, status: JobStatus, error: DurableJob["error"]): Promise<void> {
    if (job.status !== "cancelled") {
      job.status = status;
      job.error = status === "failed" ? (error ?? job.error) : null;
    }
    await this.state.storage.put(JOB, job);
    await this.notify(job);
  }

  /** `onFinished`, at least once: a throw leaves `notified` false and the alarm retries. */
  private async notify(job: DurableJob): Promise<void> {
    job.notifyTries++;
    try {
      await this.setup.onFinished(job);
      job.notified = true;
    } catch (thrown) {
      console.error(`[${job.requestId}] durable generation end: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
    await this.state.storage.put(JOB, job);
    if (!job.notified && job.notifyTries < NOTIFY_MAX_TRIES) {
      await this.state.storage.setAlarm(Date.now() + NOTIFY_RETRY_MS);
      return;
    }
    // The job expires with the request's record: unless the record's write set that alarm already.
    const alarm = await this.state.storage.getAlarm();
    if (alarm === null || alarm < Date.now() + WATCHDOG_MS * 2) await this.state.storage.setAlarm(Date.now() + retentionMs(this.env));
  }

  /** The generation's answer for one client: its events after `after`, or its whole answer. */
  private async answer(job: DurableJob, after: number): Promise<Response> {
    const live = this.live;
    const outcome = live ? await live.outcome : await this.state.storage.get<StoredOutcome>(OUTCOME);
    const log = outcome ? null : (this.live?.log ?? (await storedLog(this.state.storage, job)));
    return answerFor(job, outcome ?? null, log, after);
  }

  /** The job's door, from the registry the object handed in. */
  private doorOf(job: DurableJob): DurableDoor {
    return knownDoor(this.setup.doors.named(job.door), job.door);
  }

  /** Waits (bounded) for the first request's generation to reach this object; null when it never does. */
  private async awaitJob(): Promise<DurableJob | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.jobArrived, new Promise((resolve) => (timer = setTimeout(resolve, ATTACH_WAIT_MS)))]);
    if (timer !== undefined) clearTimeout(timer);
    return this.job();
  }
}
