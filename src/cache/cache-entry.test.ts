import { describe, expect, it } from "vitest";
import { KV_MAX_VALUE_BYTES } from "../platform-limits.ts";
import { type CacheEntry, writeCacheEntry } from "./cache-entry.ts";

function entryWith(content: string): CacheEntry {
  return {
    completion: {
      id: "big",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: "stop" }],
    },
    servedBy: { provider: "p", model: "m" },
    storedAt: "2026-12-07T00:00:00.000Z",
  };
}

function notingKv(puts: string[]): KVNamespace {
  const put = async (key: string) => void puts.push(key);
  return { put } as unknown as KVNamespace;
}

describe("a cache entry's size", () => {
  it("is counted in UTF-8 bytes: an answer over KV's 25 MiB value limit is not written, one just under it is", async () => {
    const puts: string[] = [];
    // 9 M characters: 9 MB of ASCII, but 27 MB of '€' (3 bytes each in UTF-8).
    const chars = 9 * 1024 * 1024;
    expect(chars * 3).toBeGreaterThan(KV_MAX_VALUE_BYTES);
    expect(await writeCacheEntry(notingKv(puts), "cache:euro", entryWith("€".repeat(chars)), 60)).toBe("too_large");
    expect(await writeCacheEntry(notingKv(puts), "cache:ascii", entryWith("a".repeat(chars)), 60)).toBe("written");
    expect(await writeCacheEntry(notingKv(puts), "cache:small", entryWith("hi"), 60)).toBe("written");
    expect(puts).toEqual(["cache:ascii", "cache:small"]);
  });
});
