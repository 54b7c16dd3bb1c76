import { isCacheable, writeCacheEntry } from "../../cache/cache-entry.ts";
import { holdEntry, releaseEntry } from "../../cache/held-entries.ts";
import type { ChatCompletion } from "../../chat/openai-types.ts";
import type { JournalState } from "../journal-state.ts";
import type { SettleSink } from "./settle-sink.ts";

/** The complete answer of a request that may be cached now, or null. */
export function cacheableAnswer(state: JournalState): ChatCompletion | null {
  if (!state.cacheSlot || state.cacheHit || state.ended?.outcome !== "completed") return null;
  const answer = state.answer ?? (state.delivered && !state.delivered.overflowed ? state.delivered.completion() : null);
  return answer && isCacheable(answer) ? answer : null;
}

/**
 * A fresh complete answer, into the slot the cache decision named. Held in this isolate at once, so
 * a client that repeats its request as soon as it has the answer gets a hit; written to KV once the
 * answer is on its way: under `wrangler dev` KV's simulation runs on the Worker's thread, and a
 * write started before the flush delayed every cached workflow's answer (bench/README.md).
 */
export const cacheSink: SettleSink = {
  name: "cache",
  atOnce: true,
  observe: ({ env, state, secrets, flushed }) => {
    const answer = cacheableAnswer(state);
    const slot = state.cacheSlot;
    if (!answer || !slot || !state.servedBy) return null;
    // A hit replays the entry as stored: a secret this request used, echoed by the upstream, is cut here.
    const stored = {
      completion: secrets.redactJson(answer),
      servedBy: state.servedBy,
      providerType: state.servedProviderType,
      storedAt: new Date().toISOString(),
    };
    holdEntry(slot.key, stored, slot.ttlSeconds);
    return flushed()
      .then(() => writeCacheEntry(env.CACHE, slot.key, stored, slot.ttlSeconds))
      .finally(() => releaseEntry(slot.key, stored));
  },
};
