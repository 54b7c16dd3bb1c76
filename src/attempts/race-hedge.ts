import type { Target } from "../config/schemas.ts";
import type { ProviderAdapter } from "../providers/provider-adapter.ts";
import type { UpstreamAbort } from "../stream/upstream-abort.ts";
import type { AttemptFailure } from "./attempt-failure.ts";
import type { AttemptLoopInput, AttemptLoopResult } from "./attempt-loop-types.ts";
import type { AttemptDecision, AttemptRecord } from "./attempt-record.ts";
import { type AttemptRun, attemptTarget, recordBase, redactedFailure } from "./attempt-target.ts";
import { classifyFailure } from "./classify-failure.ts";
import type { ScopeStop } from "./request-scope.ts";

type Role = NonNullable<AttemptRecord["role"]>;

/** One attempt of a race, running. */
interface Racer<S> {
  role: Role;
  target: Target;
  providerType: string | null;
  startedAt: number;
  abort: UpstreamAbort;
  settled: Promise<Racer<S> & { run: AttemptRun<S> }>;
}

export interface HedgeInput {
  first: { target: Target; adapter: ProviderAdapter | null; providerType: string | null };
  second: Target;
  afterMs: number;
  /** Whether failover has targets beyond the race's two (decides `fallback` or `fail` when both lose). */
  moreTargetsAfter: boolean;
}

/** Records to append, in order (the committed one last), each with its provider type. */
type Records = Array<[AttemptRecord, string | null]>;

export type HedgeResult<S> =
  /** The first attempt settled before `afterMs`: no race; the loop handles it as any attempt. */
  | { kind: "single"; run: AttemptRun<S>; startedAt: number; abort: UpstreamAbort }
  | { kind: "committed"; records: Records; committed: Omit<Extract<AttemptLoopResult<S>, { kind: "committed" }>, "attempts"> }
  | { kind: "failed_closed"; records: Records; failure: AttemptFailure }
  | { kind: "stopped"; records: Records; stop: ScopeStop }
  | { kind: "both_failed"; records: Records };

function start<S>(
  input: AttemptLoopInput<S>,
  role: Role,
  target: Target,
  adapter: ProviderAdapter | null,
  providerType: string | null,
): Racer<S> {
  const startedAt = Date.now();
  const abort = input.scope.beginAttempt();
  input.emit({ type: "attempt_started", target });
  const racer = { role, target, providerType, startedAt, abort } as Racer<S>;
  racer.settled = attemptTarget(input, adapter, target, abort).then((run) => ({ ...racer, run }));
  return racer;
}

/** The record of the race's loser: aborted the moment the other attempt produced content. */
function lostRecord<S>(input: AttemptLoopInput<S>, loser: Racer<S>, winner: Target): AttemptRecord {
  return {
    provider: loser.target.provider,
    model: loser.target.model,
    startedAtMs: loser.startedAt - input.receivedAt,
    firstByteMs: null,
    durationMs: Date.now() - loser.startedAt,
    status: null,
    errorClass: null,
    reason: `aborted: ${winner.provider}/${winner.model} produced content first`,
    decision: "hedge_lost",
    role: loser.role,
    upstreamHeaders: null,
    droppedParams: [],
    requestBody: {},
  };
}

/**
 * A hedged first attempt: when it has no first content event after `afterMs`, the next target
 * starts in parallel. The first to produce content commits and the other is aborted at once
 * (its upstream connection closed); nothing of the loser reaches the client, so nothing is
 * stitched. A failure waits for the other attempt; a refusal of the request itself (fail closed)
 * or the request's own end stops both.
 */
export async function raceHedge<S>(input: AttemptLoopInput<S>, hedge: HedgeInput): Promise<HedgeResult<S>> {
  const first = start(input, "primary", hedge.first.target, hedge.first.adapter, hedge.first.providerType);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const early = await Promise.race([
    first.settled,
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), hedge.afterMs))),
  ]);
  clearTimeout(timer);
  if (early || input.scope.stopped) {
    const { run } = early ?? (await first.settled);
    return { kind: "single", run, startedAt: first.startedAt, abort: first.abort };
  }
  const loaded = await input.loadAdapter(hedge.second.provider);
  const second = start(input, "hedge", hedge.second, loaded?.adapter ?? null, loaded?.type ?? null);

  const records: Records = [];
  const pending = new Map<Role, Racer<S>>([
    ["primary", first],
    ["hedge", second],
  ]);
  const failedRecord = (racer: Racer<S> & { run: AttemptRun<S> }, failure: AttemptFailure, decision: AttemptDecision) => {
    const { fields } = redactedFailure(failure, input.redact);
    const record: AttemptRecord = { ...recordBase(input, racer.target, racer.startedAt, racer.run), ...fields, decision, role: racer.role };
    return [record, racer.providerType] as [AttemptRecord, string | null];
  };
  const stopOthers = () => {
    for (const other of pending.values()) other.abort.abort("abandoned");
  };
  const failures: Array<[Racer<S> & { run: AttemptRun<S> }, AttemptFailure]> = [];
  while (pending.size > 0) {
    const settled = await Promise.race([...pending.values()].map((racer) => racer.settled));
    pending.delete(settled.role);
    const { outcome } = settled.run;
    if (outcome.kind === "committed") {
      for (const [racer, failure] of failures) records.push(failedRecord(racer, failure, "fallback"));
      for (const loser of pending.values()) records.push([lostRecord(input, loser, settled.target), loser.providerType]);
      stopOthers();
      const record = recordBase(input, settled.target, settled.startedAt, settled.run);
      records.push([
        { ...record, status: outcome.status, errorClass: null, reason: null, decision: "commit", role: settled.role },
        settled.providerType,
      ]);
      return {
        kind: "committed",
        records,
        committed: {
          kind: "committed",
          target: settled.target,
          providerType: settled.providerType,
          native: settled.run.native,
          success: outcome.success,
          abort: settled.abort,
        },
      };
    }
    settled.abort.abort("abandoned");
    const { failure } = redactedFailure(outcome.failure, input.redact);
    const stop = input.scope.stopped;
    if (stop || classifyFailure(failure) === "fail_closed") {
      stopOthers();
      const others = await Promise.all([...pending.values()].map((racer) => racer.settled));
      for (const [racer, earlier] of failures) records.push(failedRecord(racer, earlier, "fail"));
      records.push(failedRecord(settled, failure, "fail"));
      for (const other of others)
        if (other.run.outcome.kind === "failed") records.push(failedRecord(other, other.run.outcome.failure, "fail"));
      return stop ? { kind: "stopped", records, stop } : { kind: "failed_closed", records, failure };
    }
    failures.push([settled, failure]);
  }
  const decision = hedge.moreTargetsAfter ? "fallback" : "fail";
  for (const [racer, failure] of failures) records.push(failedRecord(racer, failure, decision));
  return { kind: "both_failed", records };
}
