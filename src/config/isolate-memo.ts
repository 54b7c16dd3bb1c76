import { IsolateMemory } from "../isolate-memory.ts";
import { CONFIG_FRESH_MS } from "../platform-limits.ts";

/** Entries kept per isolate; the oldest go first. */
const MAX_ENTRIES = 10_000;
const memo = new IsolateMemory<unknown>(MAX_ENTRIES);

/**
 * Config reads on the data plane (key by hash, hostname, workflow, provider) served from the
 * isolate's memory for up to `CONFIG_FRESH_MS`, misses included, so a warm isolate pays no KV
 * read per request. Writes made through the config store forget their entry at once in this
 * isolate; other isolates see a change within `CONFIG_FRESH_MS` plus KV's own propagation.
 * Values are shared once read, never a read in flight (`IsolateMemory`).
 */
export function memoRead<T>(
  key: string,
  read: () => Promise<T>,
  freshMs: number = CONFIG_FRESH_MS,
  nowMs: number = Date.now(),
): Promise<T> {
  return memo.read(key, read, freshMs, nowMs) as Promise<T>;
}

/** Drops a key's entry (it was just written or deleted). */
export function forgetRead(key: string): void {
  memo.forget(key);
}
