import { type AbortCause, UpstreamAbort } from "../stream/upstream-abort.ts";

/** Why the whole request stopped before an answer: the client left, or `totalMs` ran out. */
export type ScopeStop = "client_aborted" | "total_timeout";

/**
 * The request-wide limits every attempt lives under: the client's connection and `totalMs`.
 * Each attempt gets an `UpstreamAbort` that either of them throws, before and after commit.
 */
export class RequestScope {
  readonly deadlineAt: number;
  private readonly stopController = new AbortController();
  /** Every attempt's switch: a hedge runs two at once, and the request's limits end them all. */
  private readonly attempts = new Set<UpstreamAbort>();
  private stopReason: ScopeStop | null = null;
  private readonly totalTimer: ReturnType<typeof setTimeout>;
  private readonly onClientAbort = () => this.stop("client_aborted", "client_disconnected");
  private readonly clientSignal: AbortSignal;

  constructor(clientSignal: AbortSignal, totalMs: number, nowMs: number = Date.now()) {
    this.clientSignal = clientSignal;
    this.deadlineAt = nowMs + totalMs;
    this.totalTimer = setTimeout(() => this.stop("total_timeout", "total_timeout"), totalMs);
    if (clientSignal.aborted) this.stop("client_aborted", "client_disconnected");
    else clientSignal.addEventListener("abort", this.onClientAbort, { once: true });
  }

  /** Fires when the request stops; backoff sleeps wait on it. */
  get signal(): AbortSignal {
    return this.stopController.signal;
  }
  get stopped(): ScopeStop | null {
    return this.stopReason;
  }
  remainingMs(nowMs: number = Date.now()): number {
    return Math.max(0, this.deadlineAt - nowMs);
  }

  /** A fresh abort switch for the next attempt, wired to the request's limits. */
  beginAttempt(): UpstreamAbort {
    const abort = new UpstreamAbort();
    this.attempts.add(abort);
    if (this.stopReason) abort.abort(this.stopReason === "client_aborted" ? "client_disconnected" : "total_timeout");
    return abort;
  }

  /** Releases the timer and listener once the response has ended. */
  dispose(): void {
    clearTimeout(this.totalTimer);
    this.clientSignal.removeEventListener("abort", this.onClientAbort);
  }

  private stop(reason: ScopeStop, cause: AbortCause): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    for (const abort of this.attempts) abort.abort(cause);
    this.stopController.abort(new DOMException(reason, "AbortError"));
  }
}
