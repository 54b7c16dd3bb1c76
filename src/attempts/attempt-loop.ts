import type { Target } from "../config/schemas.ts";
import { abortableSleep, type UpstreamAbort } from "../stream/upstream-abort.ts";
import type { AttemptLoopInput, AttemptLoopResult } from "./attempt-loop-types.ts";
import type { AttemptRecord } from "./attempt-record.ts";
import { type AttemptRun, attemptTarget, recordBase, redactedFailure } from "./attempt-target.ts";
import { backoffDelayMs } from "./backoff.ts";
import { classifyFailure, type FailureAction } from "./classify-failure.ts";
import { decideNextStep } from "./decide-next.ts";
import { raceHedge } from "./race-hedge.ts";

/** A failure that ends the loop returns the upstream's refusal as is (400/413/422, or the last target's context-window refusal). */
function refuses(action: FailureAction): boolean {
  return action === "fail_closed" || action === "next_target_or_refuse";
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
 * typed outcomes; every decision is a pure function. With a hedge, the first attempt may race the
 * next target (`race-hedge.ts`); each target of a race that both lose gets that one attempt.
 */
export async function runAttemptLoop<S>(input: AttemptLoopInput<S>): Promise<AttemptLoopResult<S>> {
  const attempts: AttemptRecord[] = [];
  const { targets, retry, hedge } = input.route;
  const { emit, redact } = input;
  const ended = (attempt: AttemptRecord, providerType: string | null) => {
    attempts.push(attempt);
    emit({ type: "attempt_ended", attempt, providerType });
  };
  /** Targets a hedge race already tried. */
  const raced = new Set<number>();
  let hedgeUsed = false;
  nextTarget: for (const [index, target] of targets.entries()) {
    if (raced.has(index)) continue;
    if (input.skip?.has(index)) {
      ended(skippedRecord(target, input.receivedAt), null);
      continue;
    }
    const loaded = await input.loadAdapter(target.provider);
    const providerType = loaded?.type ?? null;
    for (let attemptOfTarget = 1; ; attemptOfTarget++) {
      if (input.scope.stopped) return { kind: input.scope.stopped, attempts };
      const partner = hedge && !hedgeUsed ? targets.findIndex((_, i) => i > index && !input.skip?.has(i)) : -1;
      let attempt: { run: AttemptRun<S>; startedAt: number; abort: UpstreamAbort };
      if (hedge && partner >= 0) {
        hedgeUsed = true;
        const race = await raceHedge(input, {
          first: { target, adapter: loaded?.adapter ?? null, providerType },
          second: targets[partner] as Target,
          afterMs: hedge.afterMs,
          moreTargetsAfter: targets.some((_, i) => i > partner && !input.skip?.has(i)),
        });
        if (race.kind === "single") attempt = race;
        else {
          raced.add(partner);
          for (const [record, type] of race.records) ended(record, type);
          switch (race.kind) {
            case "committed":
              return { ...race.committed, attempts };
            case "failed_closed":
              return { kind: "failed_closed", failure: race.failure, attempts };
            case "stopped":
              return { kind: race.stop, attempts };
            case "both_failed":
              continue nextTarget;
          }
        }
      } else {
        const startedAt = Date.now();
        const abort = input.scope.beginAttempt();
        emit({ type: "attempt_started", target });
        attempt = { run: await attemptTarget(input, loaded?.adapter ?? null, target, abort), startedAt, abort };
      }
      const { run, startedAt, abort } = attempt;
      const record = recordBase(input, target, startedAt, run);
      const { outcome } = run;
      if (outcome.kind === "committed") {
        ended({ ...record, status: outcome.status, errorClass: null, reason: null, decision: "commit" }, providerType);
        return { kind: "committed", target, providerType, native: run.native, success: outcome.success, abort, attempts };
      }
      // A failed attempt's upstream is closed now, whatever happens next.
      abort.abort("abandoned");
      const { failure, fields } = redactedFailure(outcome.failure, redact);
      const failed = { ...record, ...fields };
      if (input.scope.stopped) {
        ended({ ...failed, decision: "fail" }, providerType);
        return { kind: input.scope.stopped, attempts };
      }
      const action = classifyFailure(failure, retry);
      const next = decideNextStep({
        action,
        attemptOfTarget,
        maxAttempts: retry.maxAttempts,
        retryAfterMs: failure.retryAfterMs,
        backoffMs: backoffDelayMs(attemptOfTarget, retry),
        remainingMs: input.scope.remainingMs(),
        hasNextTarget: index < targets.length - 1,
        probe: input.probe?.has(index) === true && targets.some((_, i) => i > index && !input.skip?.has(i)),
      });
      ended({ ...failed, decision: next.kind }, providerType);
      if (next.kind === "fallback") break;
      if (next.kind === "fail") return refuses(action) ? { kind: "failed_closed", failure, attempts } : { kind: "exhausted", attempts };
      await abortableSleep(next.delayMs, input.scope.signal).catch(() => {});
    }
  }
  return { kind: "exhausted", attempts };
}
