import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chat, readSse, setupTenant } from "./gateway-client.ts";

const cached = { targets: [{ provider: "faux", model: "words-3" }], cache: { ttlSeconds: 300 }, retry: { maxAttempts: 1 } };

/** The tenant's cache keys, once the background write has landed (bounded). */
async function cacheKeys(tenant: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const { keys } = await env.CACHE.list({ prefix: `cache:v1:${tenant}:` });
    if (keys.length > 0) return keys.map((k) => k.name);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the answer was never cached");
}

describe("cache replay of a damaged entry", () => {
  it.each([{ completion: {} }, { completion: { choices: [null] }, servedBy: { provider: "faux", model: "x" } }, [1, 2], "text"])(
    "%j is a MISS answered upstream, streamed or not, never a 500",
    async (damaged) => {
      const { tenant, key } = await setupTenant({ w: cached });
      await (await chat(key, { model: "w" })).text();
      // Damages the entry the last answer wrote: its write lands in the background, after the response.
      const damage = async () => {
        for (const name of await cacheKeys(tenant)) {
          for (let i = 0; i < 100 && (await env.CACHE.get(name)) === JSON.stringify(damaged); i++)
            await new Promise((r) => setTimeout(r, 20));
          await env.CACHE.put(name, JSON.stringify(damaged));
        }
      };

      await damage();
      const sse = await chat(key, { model: "w", stream: true });
      expect(sse.status).toBe(200);
      expect(sse.headers.get("x-gateway-cache")).toBe("MISS");
      expect((await readSse(sse)).text).toBe("alpha bravo charlie");

      await damage();
      const json = await chat(key, { model: "w" });
      expect(json.status).toBe(200);
      expect(json.headers.get("x-gateway-cache")).toBe("MISS");
      expect(((await json.json()) as any).choices[0].message.content).toBe("alpha bravo charlie");
    },
  );
});
