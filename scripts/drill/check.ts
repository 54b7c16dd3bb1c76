import type OpenAI from "openai";
import type { AdminApi } from "./admin-api.ts";

/** Every check the drill knows, in the order it runs them. */
export const CHECK_IDS = [
  "stream-headers",
  "no-buffering",
  "first-event",
  "failover-before-output",
  "error-event-before-output",
  "error-after-output",
  "idle-timeout",
  "keepalive",
  "client-abort",
  "all-targets-fail",
  "usage-and-cost",
  "cache-replay",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * `admin`: the drill made its own tenant and faux workflows. `config`: the operator named the
 * workflows. `openai-compatible`: any OpenAI-compatible endpoint, one model, no faults.
 */
export type DrillMode = "admin" | "config" | "openai-compatible";

export interface DrillSettings {
  /** The upstream's pause between chunks, when known; pacing is judged against it. */
  paceMs: number | null;
  idleMs: number | null;
  keepaliveMs: number | null;
  firstEventBudgetMs: number;
  /** Allowed lateness of timeouts and keepalives (a busy machine, the network). */
  slackMs: number;
  /** Bound on any one request of the drill. */
  requestTimeoutMs: number;
}

/** What the drill's own fixture makes certain, so checks can assert exact names and texts. */
export interface FixtureFacts {
  tenant: string;
  primary: string;
  backup: string;
  /** The backup's answer to the drill's prompt. */
  backupText: string;
  /** The primary's answer before it fails in `error-after-output`. */
  partialText: string;
}

export interface DrillContext {
  mode: DrillMode;
  /** The OpenAI base URL (`…/v1`). */
  baseUrl: string;
  key: string;
  /** The model (workflow) name a check drives, or undefined when none was named for it. */
  workflowFor(check: CheckId): string | undefined;
  admin: AdminApi | null;
  /** The tenant whose log the drill may read (admin mode only). */
  tenant: string | null;
  fixture: FixtureFacts | null;
  settings: DrillSettings;
  /** The prompt every request sends; unique per run so no earlier cache entry answers it. */
  prompt: string;
  sdk(): OpenAI;
}

export type Outcome = { status: "pass" | "fail" | "skip"; observed: string };

/** What a check needs beyond an OpenAI-compatible endpoint. */
export type Needs = "endpoint" | "gateway" | "log";

export interface Check {
  id: CheckId;
  /** One line: what must be true, in the terms the user relies on. */
  expectation: string;
  needs: Needs;
  run(ctx: DrillContext, model: string): Promise<Outcome>;
}

/** A check's row in the report. */
export interface CheckResult {
  id: CheckId;
  status: "pass" | "fail" | "skip";
  expectation: string;
  observed: string;
  durationMs: number;
}

/** pass/fail from a list of named conditions; the observed text lists the ones that failed first. */
export function outcomeOf(conditions: Array<[boolean, string]>, observed: string): Outcome {
  const failed = conditions.filter(([ok]) => !ok).map(([, what]) => what);
  return failed.length ? { status: "fail", observed: `${failed.join("; ")} — ${observed}` } : { status: "pass", observed };
}
