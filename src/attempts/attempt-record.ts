import type { FailureKind } from "./attempt-failure.ts";

/**
 * What the loop decided after an attempt; `skip`: the target was not contacted (its circuit is
 * open); `hedge_lost`: a hedge race's other attempt produced content first, and this one was aborted.
 */
export type AttemptDecision = "retry" | "fallback" | "fail" | "commit" | "skip" | "hedge_lost";

/** Why a target was passed over without an attempt (docs/semantics.md "Routing that learns"). */
export type SkipClass = "circuit_open";

/** One upstream attempt as the log and the 502 message describe it. Times are ms from receipt. */
export interface AttemptRecord {
  provider: string;
  model: string;
  startedAtMs: number;
  firstByteMs: number | null;
  durationMs: number;
  status: number | null;
  errorClass: FailureKind | SkipClass | null;
  reason: string | null;
  decision: AttemptDecision;
  /** In a hedge race: the attempt that started first (`primary`) or the one started after `afterMs` (`hedge`). */
  role?: "primary" | "hedge";
  /** The request parameter a provider refused (`unsupported_parameter` failures). */
  param?: string;
  /** The upstream response's headers of interest (request id, rate limits, retry hints), when it answered. */
  upstreamHeaders: Record<string, string> | null;
  /** Request parameters this target's provider cannot honour and that were left out. */
  droppedParams: string[];
  /** The body sent upstream, in the provider's format (dropped later when the workflow logs metadata only). */
  requestBody: Record<string, unknown>;
}
