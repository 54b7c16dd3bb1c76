import { SETTLE_GRACE_MS } from "../platform-limits.ts";

/**
 * Resolves `SETTLE_GRACE_MS` after the request's answer is complete. Settling waits for it, so the
 * response's bytes are on their way before any object is created or called: under `wrangler dev`
 * an object's work runs on the Worker's own thread, and the response still passes through the
 * runtime's entry Worker on that thread, so a mere turn of the event loop is not enough (measured:
 * bench/README.md). On Cloudflare the object never shares the thread, and the wait costs no CPU.
 */
export function afterFlush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_GRACE_MS));
}
