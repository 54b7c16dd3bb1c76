import { describe, expect, it } from "vitest";
import { heldEntry } from "../../cache/held-entries.ts";
import type { ChatCompletion } from "../../chat/openai-types.ts";
import { RequestSecrets } from "../../secrets/request-secrets.ts";
import type { JournalState } from "../journal-state.ts";
import { cacheSink } from "./cache-sink.ts";
import { finishedRequest, type NotedCall, notingEnv } from "./sink-fixtures.ts";

function answer(finish: "stop" | null): ChatCompletion {
  return {
    id: "x",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content: "hi" }, logprobs: null, finish_reason: finish as "stop" }],
  };
}

const ended = { type: "ended", outcome: "completed", httpStatus: 200, disconnect: null } as const;

const completed: Partial<JournalState> = {
  cacheSlot: { key: "cache:1", ttlSeconds: 120 },
  servedBy: { provider: "p", model: "m" },
  servedProviderType: "openai",
  answer: answer("stop"),
  ended,
};

describe("the cache sink", () => {
  it("stores a fresh complete answer in the slot the cache decision named, with its TTL", async () => {
    const calls: NotedCall[] = [];
    await cacheSink.observe(finishedRequest(notingEnv(calls), completed));
    expect(calls).toHaveLength(1);
    const [binding, key, , value, options] = calls[0] ?? [];
    expect([binding, key, options]).toEqual(["CACHE", "cache:1", { expirationTtl: 120 }]);
    expect(JSON.parse(value as string)).toMatchObject({ completion: { id: "x" }, servedBy: { provider: "p" }, providerType: "openai" });
  });

  it("holds the answer in the isolate at once, writes it to KV only once the response is on its way, then lets it go", async () => {
    const calls: NotedCall[] = [];
    let flush = () => {};
    const flushed = new Promise<void>((resolve) => {
      flush = resolve;
    });
    const key = `cache:held:${crypto.randomUUID()}`;
    const state = { ...completed, cacheSlot: { key, ttlSeconds: 120 } };
    const written = cacheSink.observe(finishedRequest(notingEnv(calls), state, {}, undefined, () => flushed));
    expect(heldEntry(key)?.completion.id).toBe("x");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toHaveLength(0);
    flush();
    await written;
    expect(calls.map(([binding, name, method]) => [binding, name, method])).toEqual([["CACHE", key, "put"]]);
    expect(heldEntry(key)).toBeNull();
  });

  it("holds and stores the answer with the request's secrets cut: a hit replays it to other requests as stored", async () => {
    const calls: NotedCall[] = [];
    const secrets = new RequestSecrets();
    secrets.add("sk-provider-echoed-1234");
    const key = `cache:redacted:${crypto.randomUUID()}`;
    const echoed = {
      ...answer("stop"),
      choices: [{ ...answer("stop").choices[0], message: { role: "assistant", content: "your key is sk-provider-echoed-1234" } }],
    };
    const state = { ...completed, answer: echoed as ChatCompletion, cacheSlot: { key, ttlSeconds: 120 } };
    const written = cacheSink.observe(finishedRequest(notingEnv(calls), state, {}, secrets));
    expect(JSON.stringify(heldEntry(key))).not.toContain("sk-provider-echoed-1234");
    await written;
    const value = String(calls[0]?.[3]);
    expect(value).toContain("your key is [REDACTED]");
    expect(value).not.toContain("sk-provider-echoed-1234");
  });

  it("stores nothing for a cache hit, a request that did not complete, or an answer cut off", () => {
    const env = notingEnv([]);
    expect(cacheSink.observe(finishedRequest(env, { ...completed, cacheHit: true }))).toBeNull();
    expect(cacheSink.observe(finishedRequest(env, { ...completed, ended: { ...ended, outcome: "failed_after_output" } }))).toBeNull();
    expect(cacheSink.observe(finishedRequest(env, { ...completed, answer: answer(null) }))).toBeNull();
    expect(cacheSink.observe(finishedRequest(env, { ...completed, cacheSlot: null }))).toBeNull();
  });
});
