import type { CacheEntry } from "./cache-entry.ts";

/** Entries held at most; past this the oldest is let go (its request then reads KV, which is only slower). */
const HELD_ENTRIES_MAX = 256;

/**
 * Answers whose KV write has not landed yet, in this isolate's memory. The write waits until the
 * answer is on its way (settle's flush); meanwhile a repeat of the request in this isolate is
 * served from here, so an immediate repeat is still a hit. KV stays the store every isolate reads:
 * an entry is held only from the request's end until its write settles.
 */
const held = new Map<string, CacheEntry>();

export function holdEntry(key: string, entry: CacheEntry): void {
  held.delete(key);
  if (held.size >= HELD_ENTRIES_MAX) held.delete(held.keys().next().value as string);
  held.set(key, entry);
}

/** The entry held for `key`, if its write has not settled yet. */
export function heldEntry(key: string): CacheEntry | null {
  return held.get(key) ?? null;
}

/** Lets `entry` go once its write settled (a newer entry for the same key stays). */
export function releaseEntry(key: string, entry: CacheEntry): void {
  if (held.get(key) === entry) held.delete(key);
}
