/**
 * Resolves on a later turn of the event loop than the one that hands the response to the runtime.
 * Settling waits for it, so the response's bytes are written before any object is created or
 * called: under `wrangler dev` an object's work runs on the Worker's own thread and would
 * otherwise delay the flush (on Cloudflare it never shares the thread, and the wait costs nothing).
 */
export function afterFlush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
