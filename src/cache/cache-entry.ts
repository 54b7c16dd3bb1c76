import type { ChatCompletion } from "../chat/openai-types.ts";
import type { Target } from "../config/schemas.ts";
import { KV_MAX_VALUE_BYTES } from "../platform-limits.ts";

/** A cached answer: always stored as a complete non-streamed completion, whatever produced it. */
export interface CacheEntry {
  completion: ChatCompletion;
  servedBy: Target;
  /** The serving provider's type, so a hit is priced (cost saved) without reading its provider. */
  providerType?: string | null;
  storedAt: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * The shape replay relies on: an entry written by an older layout, or damaged, must not reach it
 * (a replayed stream iterates the choices and their messages). Cheap: no schema per read.
 */
export function isCacheEntry(value: unknown): value is CacheEntry {
  if (!isObject(value) || !isObject(value.completion) || !isObject(value.servedBy)) return false;
  const { choices } = value.completion;
  return (
    typeof value.servedBy.provider === "string" &&
    typeof value.servedBy.model === "string" &&
    Array.isArray(choices) &&
    choices.length > 0 &&
    choices.every((choice) => isObject(choice) && typeof choice.index === "number" && isObject(choice.message))
  );
}

/** Reads an entry; a damaged one is a miss. */
export async function readCacheEntry(kv: KVNamespace, key: string): Promise<CacheEntry | null> {
  try {
    const value = await kv.get<unknown>(key, "json");
    return isCacheEntry(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Writes an entry with the workflow's TTL. Values over KV's 25 MiB are not cached, and the
 * one-write-per-second-per-key refusal on concurrent identical misses is ignored: the entry
 * another request just wrote is the same answer.
 */
export async function writeCacheEntry(
  kv: KVNamespace,
  key: string,
  entry: CacheEntry,
  ttlSeconds: number,
): Promise<"written" | "too_large" | "skipped"> {
  const value = JSON.stringify(entry);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a value that might be too large is encoded to count.
  if (value.length * 3 > KV_MAX_VALUE_BYTES && new TextEncoder().encode(value).byteLength > KV_MAX_VALUE_BYTES) return "too_large";
  try {
    await kv.put(key, value, { expirationTtl: ttlSeconds });
    return "written";
  } catch (error) {
    console.warn(`cache write skipped: ${error instanceof Error ? error.message : String(error)}`);
    return "skipped";
  }
}

/** Only complete answers are cached: every choice finished, and nothing was cut off. */
export function isCacheable(completion: ChatCompletion): boolean {
  return (
    completion.choices.length > 0 &&
    completion.choices.every((choice) => choice.finish_reason !== null && choice.finish_reason !== undefined)
  );
}
