/** Why an upstream request was aborted: the first cause wins and is kept for the record. */
export type AbortCause = "first_event_timeout" | "idle_timeout" | "total_timeout" | "client_disconnected" | "abandoned";

/** An upstream request's abort switch, remembering why it was thrown. */
export class UpstreamAbort {
  private readonly controller = new AbortController();
  private abortCause: AbortCause | null = null;

  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get cause(): AbortCause | null {
    return this.abortCause;
  }
  /** Aborts the upstream request (closing its connection); later calls keep the first cause. */
  abort(cause: AbortCause): void {
    if (this.abortCause) return;
    this.abortCause = cause;
    this.controller.abort(new DOMException(cause, "AbortError"));
  }
}

/** Rejects with the signal's reason as soon as it aborts; otherwise settles like `promise`. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Sleeps `ms`, rejecting early when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return untilAborted(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal);
}
