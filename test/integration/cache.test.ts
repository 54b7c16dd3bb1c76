import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, chat, readSse, setupTenant } from "./gateway-client.ts";

const cached = (model: string, extra: Record<string, unknown> = {}) => ({
  targets: [{ provider: "faux", model }],
  cache: { ttlSeconds: 300 },
  retry: { maxAttempts: 1 },
  timeouts: { firstEventMs: 500, idleMs: 500 },
  ...extra,
});

/** Sends until the background cache write has landed and the answer is a HIT (bounded). */
async function untilHit(send: () => Promise<Response>): Promise<Response> {
  for (let i = 0; i < 50; i++) {
    const res = await send();
    if (res.headers.get("x-gateway-cache") === "HIT") return res;
    await res.text();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("never a cache hit");
}

async function content(res: Response): Promise<string> {
  return ((await res.json()) as any).choices[0].message.content;
}

describe("exact-match cache", () => {
  it("a repeat is a HIT with no upstream attempt, and logged with cost 0 and the cost saved", async () => {
    const { tenant, key } = await setupTenant({ w: cached("words-5") });
    const first = await chat(key, { model: "w" });
    expect(first.headers.get("x-gateway-cache")).toBe("MISS");
    expect(await content(first)).toBe("alpha bravo charlie delta echo");
    const hit = await untilHit(() => chat(key, { model: "w" }));
    expect(hit.headers.get("x-gateway-attempts")).toBe("0");
    expect(hit.headers.get("x-gateway-provider")).toBe("faux");
    expect(await content(hit)).toBe("alpha bravo charlie delta echo");

    const id = hit.headers.get("x-request-id");
    const readLog = async () => (await admin("GET", `/tenants/${tenant}/logs/${id}`)).json() as Promise<any>;
    await expect.poll(async () => (await readLog()).outcome, { timeout: 5_000 }).toBe("completed");
    const log = await readLog();
    expect(log).toMatchObject({ cache: "HIT", costUsd: 0, attempts: [] });
    expect(log.costSavedUsd).toBeGreaterThan(0);

    let stats: any = null;
    await expect
      .poll(
        async () => {
          stats = await (await admin("GET", `/tenants/${tenant}/workflows/w/cache-stats`)).json();
          return stats.hits;
        },
        { timeout: 5_000 },
      )
      .toBeGreaterThanOrEqual(1);
    // The stats that were polled, not an earlier read: one miss that filled the entry, then the hit.
    expect(stats).toMatchObject({ workflow: "w", hits: 1, misses: 1 });
  });

  it("a streamed answer replays as JSON, and a JSON answer replays as a valid stream", async () => {
    const { key } = await setupTenant({ s: cached("words-3"), j: cached("words-4") });
    await (await chat(key, { model: "s", stream: true })).text();
    const asJson = await untilHit(() => chat(key, { model: "s" }));
    const body = (await asJson.json()) as any;
    expect(body).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: "alpha bravo charlie" }, finish_reason: "stop" }],
    });
    expect(body.usage.completion_tokens).toBe(3);

    await (await chat(key, { model: "j" })).text();
    const asSse = await untilHit(() => chat(key, { model: "j", stream: true, stream_options: { include_usage: true } }));
    expect(asSse.headers.get("content-type")).toContain("text/event-stream");
    const sse = await readSse(asSse);
    expect(sse.text).toBe("alpha bravo charlie delta");
    expect(sse.done).toBe(true);
    expect(sse.events.at(-1)?.usage?.completion_tokens).toBe(4);
  });

  it("a changed parameter misses; reordered JSON keys hit", async () => {
    const { key } = await setupTenant({ w: cached("echo") });
    const base = { model: "w", temperature: 0.1, messages: [{ role: "user", content: "q" }] };
    await (await chat(key, base)).text();
    await untilHit(() => chat(key, base));
    const changed = await chat(key, { ...base, temperature: 0.2 });
    expect(changed.headers.get("x-gateway-cache")).toBe("MISS");
    const reordered = await chat(key, { messages: [{ content: "q", role: "user" }], temperature: 0.1, model: "w" });
    expect(reordered.headers.get("x-gateway-cache")).toBe("HIT");
  });

  it("no-cache skips the read but refreshes; no-store skips both", async () => {
    const { key } = await setupTenant({ w: cached("echo") });
    const prompt = (content: string) => ({ model: "w", messages: [{ role: "user", content }] });
    const noStore = await chat(key, prompt("a"), { "cache-control": "no-store" });
    expect(noStore.headers.get("x-gateway-cache")).toBe("BYPASS");
    await noStore.text();
    await new Promise((r) => setTimeout(r, 200));
    expect((await chat(key, prompt("a"))).headers.get("x-gateway-cache")).toBe("MISS");

    const noCache = await chat(key, prompt("b"), { "cache-control": "no-cache" });
    expect(noCache.headers.get("x-gateway-cache")).toBe("BYPASS");
    await noCache.text();
    await untilHit(() => chat(key, prompt("b")));
    expect((await chat(key, prompt("b"), { "cache-control": "no-cache" })).headers.get("x-gateway-cache")).toBe("BYPASS");
  });

  it("tenants never share entries", async () => {
    const a = await setupTenant({ w: cached("echo") });
    const b = await setupTenant({ w: cached("echo") });
    await (await chat(a.key, { model: "w" })).text();
    await untilHit(() => chat(a.key, { model: "w" }));
    expect((await chat(b.key, { model: "w" })).headers.get("x-gateway-cache")).toBe("MISS");
  });

  it("changing the workflow's targets misses", async () => {
    const { tenant, key } = await setupTenant({ w: cached("words-2") });
    await (await chat(key, { model: "w" })).text();
    await untilHit(() => chat(key, { model: "w" }));
    await admin("PUT", `/tenants/${tenant}/workflows/w`, cached("words-3"));
    const after = await chat(key, { model: "w" });
    expect(after.headers.get("x-gateway-cache")).toBe("MISS");
    expect(await content(after)).toBe("alpha bravo charlie");
  });

  it("failed and partial answers are never cached", async () => {
    const { tenant, key } = await setupTenant({
      fail: cached("status-500"),
      partial: cached("words-6+die-after-2"),
      hang: cached("words-6+hang-after-2"),
    });
    for (const [model, stream] of [
      ["fail", false],
      ["fail", true],
      ["partial", true],
      ["hang", true],
    ] as const) {
      await (await chat(key, { model, stream })).text();
    }
    await new Promise((r) => setTimeout(r, 300));
    const stored = await env.CACHE.list({ prefix: `cache:v1:${tenant}:` });
    expect(stored.keys).toHaveLength(0);
    expect((await chat(key, { model: "partial", stream: true })).headers.get("x-gateway-cache")).toBe("MISS");
  });

  it("workflows without a cache send no x-gateway-cache header", async () => {
    const { key } = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
    expect((await chat(key, { model: "w" })).headers.get("x-gateway-cache")).toBeNull();
  });
});
