import type { HealthPolicy, Target } from "../config/schemas.ts";

/** A circuit's position: `closed` routes normally, `open` skips the target, `half_open` lets a few probes through. */
export type CircuitState = "closed" | "open" | "half_open";

/** One attempt's verdict on its target's health, as reported after the request. */
export interface HealthOutcome extends Target {
  /** Epoch ms when the attempt ended. */
  at: number;
  ok: boolean;
  /** Time from the attempt's start to its first content event (successes only). */
  firstEventMs: number | null;
  /** The policy of the workflow that made the attempt: it decides what this outcome does. */
  policy: HealthPolicy;
}

/** What is known about one (tenant, provider, model) target; a row of the tenant's ProviderHealth object. */
export interface TargetHealth extends Target {
  /** When the circuit last opened; null while closed. */
  openedAt: number | null;
  lastFailureAt: number | null;
  /** Outcomes inside the window (oldest first), the window's evidence for opening. */
  recent: Array<{ at: number; ok: boolean }>;
  /** First-event times of the latest successes, for an approximate p50. */
  firstEventMs: number[];
  /** The policy of the latest outcome, so readers without a workflow (the admin API) can place the circuit. */
  policy: HealthPolicy;
  updatedAt: number;
}

/** Outcomes kept per target in the window: bounds a row whatever the traffic. */
const MAX_RECENT = 200;
/** Successes kept for the p50 first-event time. */
const MAX_FIRST_EVENTS = 50;

/** `provider/model`: unambiguous, since provider names have no slash. */
export function targetKey(target: Target): string {
  return `${target.provider}/${target.model}`;
}

/** A target nobody has reported on: closed, no evidence. */
export function freshHealth(target: Target, policy: HealthPolicy, nowMs: number): TargetHealth {
  return {
    provider: target.provider,
    model: target.model,
    openedAt: null,
    lastFailureAt: null,
    recent: [],
    firstEventMs: [],
    policy,
    updatedAt: nowMs,
  };
}

/** Where the circuit stands at `nowMs`: an open circuit turns half-open by itself once `openMs` has passed. */
export function circuitState(health: Pick<TargetHealth, "openedAt"> | undefined, openMs: number, nowMs: number): CircuitState {
  if (!health || health.openedAt === null) return "closed";
  return nowMs - health.openedAt < openMs ? "open" : "half_open";
}

/** Outcomes within the window ending at `nowMs`. */
export function windowOutcomes(health: TargetHealth, windowMs: number, nowMs: number): TargetHealth["recent"] {
  return health.recent.filter((r) => nowMs - r.at < windowMs);
}

/**
 * The pure transition of a target's health by one outcome:
 * - a success closes the circuit from any state (it proves the target serves) and starts a fresh window;
 * - a failure while closed opens the circuit when the window holds `failureThreshold` failures that are
 *   also at least `failureRatio` of its outcomes; a failing probe (half-open) re-opens it at once;
 *   a failure while open (a request forced onto it, or one that began before it opened) only dates it.
 */
export function applyOutcome(health: TargetHealth, outcome: HealthOutcome): TargetHealth {
  const { policy, at } = outcome;
  const state = circuitState(health, policy.openMs, at);
  const recent = [...windowOutcomes(health, policy.windowMs, at), { at, ok: outcome.ok }].slice(-MAX_RECENT);
  const base = { ...health, policy, updatedAt: at };
  if (outcome.ok) {
    const firstEventMs =
      outcome.firstEventMs === null ? health.firstEventMs : [...health.firstEventMs, outcome.firstEventMs].slice(-MAX_FIRST_EVENTS);
    return { ...base, firstEventMs, openedAt: null, recent: state === "closed" ? recent : [{ at, ok: true }] };
  }
  const failed = { ...base, lastFailureAt: at };
  switch (state) {
    case "half_open":
      return { ...failed, openedAt: at, recent: [] };
    case "open":
      return { ...failed, recent };
    case "closed": {
      const failures = recent.filter((r) => !r.ok).length;
      const trips = failures >= policy.failureThreshold && failures / recent.length >= policy.failureRatio;
      return trips ? { ...failed, openedAt: at, recent: [] } : { ...failed, recent };
    }
  }
}

/** The median of the recent first-event times, or null without any. */
export function p50FirstEventMs(health: TargetHealth): number | null {
  const sorted = [...health.firstEventMs].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? null) : null;
}
