import { CONFIG_FRESH_MS } from "../platform-limits.ts";

/** Entries kept per isolate; the oldest go first. */
const MAX_ENTRIES = 10_000;
const memo = new Map<string, { value: Promise<unknown>; readAt: number }>();

/**
 * Config reads on the data plane (key by hash, hostname, workflow, provider) served from the
 * isolate's memory for up to `CONFIG_FRESH_MS`, misses included, so a warm isolate pays no KV
 * read per request. Writes made through the config store forget their entry at once in this
 * isolate; other isolates see a change within `CONFIG_FRESH_MS` plus KV's own propagation.
 */
export function memoRead<T>(
  key: string,
  read: () => Promise<T>,
  freshMs: number = CONFIG_FRESH_MS,
  nowMs: number = Date.now(),
): Promise<T> {
  const held = memo.get(key);
  if (held && nowMs - held.readAt < freshMs) return held.value as Promise<T>;
  const value = read().catch((error) => {
    memo.delete(key);
    throw error;
  });
  memo.delete(key);
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(key, { value, readAt: nowMs });
  return value;
}

/** Drops a key's entry (it was just written or deleted). */
export function forgetRead(key: string): void {
  memo.delete(key);
}
