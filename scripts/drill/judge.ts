/**
 * Pure verdicts on measured timings. Each answers pass/fail and the observed figure in words, so
 * the thresholds live in one place and can be read next to the reasons for them.
 */

export interface Verdict {
  pass: boolean;
  observed: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) : 0;
};

/** Gaps between consecutive arrival times. */
export const gapsOf = (times: number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? t));

/**
 * Chunks must arrive at the upstream's pace. A buffering hop (proxy, compression, a `Response`
 * read whole) delivers them in one burst at the end, so the spread of arrivals collapses to a few
 * ms. Half the expected spread and half the pace per median gap leave room for a busy machine.
 */
export function judgePacing(deltaTimes: number[], paceMs: number | null): Verdict {
  if (deltaTimes.length < 3) return { pass: false, observed: `only ${deltaTimes.length} content deltas (need ≥ 3)` };
  const spread = (deltaTimes.at(-1) ?? 0) - (deltaTimes[0] ?? 0);
  const gap = median(gapsOf(deltaTimes));
  const observed = `${deltaTimes.length} deltas over ${spread} ms, median gap ${gap} ms`;
  if (paceMs === null) return { pass: spread >= 100, observed: `${observed} (pace unknown: need spread ≥ 100 ms)` };
  const expected = paceMs * (deltaTimes.length - 1);
  return { pass: spread >= expected / 2 && gap >= paceMs / 2, observed };
}

/** The idle timeout must fire after `idleMs` of silence, not before it and not much after it. */
export function judgeIdleWindow(silenceMs: number, idleMs: number, slackMs: number): Verdict {
  // 100 ms early is timer granularity between the gateway's clock and ours, not a premature timeout.
  const pass = silenceMs >= idleMs - 100 && silenceMs <= idleMs + slackMs;
  return { pass, observed: `error after ${silenceMs} ms of silence` };
}

/**
 * During a long silence after commit, comments must come about every `keepaliveMs`: at least two
 * in the window, none of the gaps (from the last event, then between comments) over the interval
 * plus slack.
 */
export function judgeKeepalive(lastEventMs: number, comments: number[], keepaliveMs: number, slackMs: number): Verdict {
  const during = comments.filter((t) => t > lastEventMs);
  if (during.length < 2) return { pass: false, observed: `${during.length} keepalive comment(s) during the silence` };
  const gaps = gapsOf([lastEventMs, ...during]);
  const longest = Math.max(...gaps);
  return { pass: longest <= keepaliveMs + slackMs, observed: `${during.length} comments, longest gap ${longest} ms` };
}

/** A 502's message must name every attempt the header counts (`provider/model (attempt n)`). */
export function attemptsNamed(message: string): number {
  return (message.match(/\(attempt \d+\)/g) ?? []).length;
}
