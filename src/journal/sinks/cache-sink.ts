import { isCacheable, writeCacheEntry } from "../../cache/cache-entry.ts";
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
 * A fresh complete answer, into the slot the cache decision named. At once: a client that repeats
 * its request as soon as it has the answer gets a hit, not a second upstream call.
 */
export const cacheSink: SettleSink = {
  name: "cache",
  atOnce: true,
  observe: ({ env, state }) => {
    const answer = cacheableAnswer(state);
    if (!answer || !state.cacheSlot || !state.servedBy) return null;
    const stored = {
      completion: answer,
      servedBy: state.servedBy,
      providerType: state.servedProviderType,
      storedAt: new Date().toISOString(),
    };
    return writeCacheEntry(env.CACHE, state.cacheSlot.key, stored, state.cacheSlot.ttlSeconds);
  },
};
