/**
 * The faux server's bodies made lazily, so gaps, stalls and faults happen in real time and stop
 * when the caller leaves.
 */

function abortError(): Error {
  return new DOMException("The operation was aborted.", "AbortError");
}

/** Resolves after `ms`, rejects at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** A body produced lazily from `frames`, so gaps and faults happen in real time. */
export function framedResponse(
  makeFrames: (stop: AbortSignal) => AsyncGenerator<Uint8Array>,
  requestSignal: AbortSignal,
  contentType: string,
): Response {
  // Stops the generator both when the caller aborts the request and when it cancels the body.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  requestSignal.addEventListener("abort", onAbort, { once: true });
  const frames = makeFrames(stop.signal);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await frames.next();
        if (next.done) {
          requestSignal.removeEventListener("abort", onAbort);
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        requestSignal.removeEventListener("abort", onAbort);
        controller.error(error);
      }
    },
    cancel() {
      stop.abort();
      requestSignal.removeEventListener("abort", onAbort);
    },
  });
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-cache" } });
}
