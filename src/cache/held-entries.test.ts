import { describe, expect, it } from "vitest";
import { DIRECT_ROUTE_DEFAULTS, type ResolvedRoute } from "../workflow/resolve-route.ts";
import type { CacheEntry } from "./cache-entry.ts";
import { cacheKey } from "./cache-key.ts";
import { heldEntry, holdEntry, releaseEntry } from "./held-entries.ts";
import { lookupCache } from "./response-cache.ts";

const route: ResolvedRoute = {
  ...DIRECT_ROUTE_DEFAULTS,
  name: "held",
  targets: [{ provider: "openai", model: "gpt-4o-mini" }],
  cache: { ttlSeconds: 60 },
};

const entry: CacheEntry = {
  completion: {
    id: "held-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content: "hi" }, logprobs: null, finish_reason: "stop" }],
  },
  servedBy: { provider: "openai", model: "gpt-4o-mini" },
  storedAt: "2026-12-07T00:00:00.000Z",
};

/** A KV namespace that has nothing and counts its reads. */
function emptyKv(reads: string[]): KVNamespace {
  const get = async (key: string) => {
    reads.push(key);
    return null;
  };
  return { get } as unknown as KVNamespace;
}

describe("an answer whose KV write has not landed yet", () => {
  it("answers a repeat of its request in this isolate as a hit, without reading KV; once let go, KV is read", async () => {
    const request = { model: "held", messages: [{ role: "user", content: `q ${crypto.randomUUID()}` }] };
    const key = await cacheKey("t", route, request);
    const reads: string[] = [];
    holdEntry(key, entry, 60);
    const held = await lookupCache(emptyKv(reads), "t", route, request, undefined);
    expect(held?.status).toBe("HIT");
    expect(held?.hit?.completion.id).toBe("held-1");
    expect(reads).toEqual([]);

    releaseEntry(key, entry);
    const after = await lookupCache(emptyKv(reads), "t", route, request, undefined);
    expect(after?.status).toBe("MISS");
    expect(reads).toEqual([key]);
  });

  it("is skipped like KV when the client asks not to read the cache, and never answers another tenant", async () => {
    const request = { model: "held", messages: [{ role: "user", content: `q ${crypto.randomUUID()}` }] };
    holdEntry(await cacheKey("t", route, request), entry, 60);
    expect((await lookupCache(emptyKv([]), "t", route, request, "no-cache"))?.status).toBe("BYPASS");
    expect((await lookupCache(emptyKv([]), "other", route, request, undefined))?.status).toBe("MISS");
  });

  it("is held no longer than its TTL, nor past the hold's limit, whatever becomes of its write", () => {
    const key = `cache:held:${crypto.randomUUID()}`;
    holdEntry(key, entry, 5, 1_000);
    expect(heldEntry(key, 5_999)?.completion.id).toBe("held-1");
    expect(heldEntry(key, 6_000)).toBeNull();
    holdEntry(key, entry, 3_600, 1_000);
    expect(heldEntry(key, 30_999)).not.toBeNull();
    expect(heldEntry(key, 31_000)).toBeNull();
  });
});
