import { CACHE_HOLD_MAX_MS } from "../platform-limits.ts";
import type { CacheEntry } from "./cache-entry.ts";

/** Entries held at most; past this the oldest is let go (its request then reads KV, which is only slower). */
const HELD_ENTRIES_MAX = 256;

/**
 * Answers whose KV write has not landed yet, in this isolate's memory. The write waits until the
 * answer is on its way (settle's flush); meanwhile a repeat of the request in this isolate is
 * served from here, so an immediate repeat is still a hit. KV stays the store every isolate reads:
 * an entry is held from the request's end until its write settles, and never past its TTL or
 * `CACHE_HOLD_MAX_MS` (a write that never settles cannot keep serving it).
 */
const held = new Map<string, { entry: CacheEntry; until: number }>();

export function holdEntry(key: string, entry: CacheEntry, ttlSeconds: number, nowMs = Date.now()): void {
  held.delete(key);
  if (held.size >= HELD_ENTRIES_MAX) held.delete(held.keys().next().value as string);
  held.set(key, { entry, until: nowMs + Math.min(ttlSeconds * 1000, CACHE_HOLD_MAX_MS) });
}

/** The entry held for `key`, if its write has not settled yet and its hold has not run out. */
export function heldEntry(key: string, nowMs = Date.now()): CacheEntry | null {
  const hold = held.get(key);
  if (!hold) return null;
  if (nowMs < hold.until) return hold.entry;
  held.delete(key);
  return null;
}

/** Lets `entry` go once its write settled (a newer entry for the same key stays). */
export function releaseEntry(key: string, entry: CacheEntry): void {
  if (held.get(key)?.entry === entry) held.delete(key);
}
