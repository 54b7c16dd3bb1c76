import { describe, expect, it } from "vitest";
import { useTenant } from "./harness.ts";

const t = useTenant();

/** Repeats `send` until the gateway answers from the cache (the write lands just after the first answer). */
async function untilHit<T extends { response: Response }>(send: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 40; i++) {
    const result = await send();
    if (result.response.headers.get("x-gateway-cache") === "HIT") return result;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("never a cache hit");
}

describe("cache through the official SDK", () => {
  it("hit after miss with one upstream call; a JSON answer replays as a stream", async () => {
    await t.workflow("cached-json", "words-6", undefined, { cache: { ttlSeconds: 120 } });
    const messages = [{ role: "user" as const, content: "cache me (json)" }];
    const first = await t.client().chat.completions.create({ model: "cached-json", messages }).withResponse();
    expect(first.response.headers.get("x-gateway-cache")).toBe("MISS");
    const { data: stream } = await untilHit(() =>
      t.client().chat.completions.create({ model: "cached-json", messages, stream: true }).withResponse(),
    );
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(first.data.choices[0]?.message.content);
    expect(t.upstream.callsFor("words-6")).toHaveLength(1);
  });

  it("a streamed answer replays as JSON with usage", async () => {
    await t.workflow("cached-sse", "words-7", undefined, { cache: { ttlSeconds: 120 } });
    const messages = [{ role: "user" as const, content: "cache me (sse)" }];
    const stream = await t.client().chat.completions.create({ model: "cached-sse", messages, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    const { data } = await untilHit(() => t.client().chat.completions.create({ model: "cached-sse", messages }).withResponse());
    expect(data.choices[0]?.message.content).toBe(text);
    expect(data.usage?.completion_tokens).toBe(7);
    expect(t.upstream.callsFor("words-7")).toHaveLength(1);
  });

  it("a request repeated the moment its answer arrives is already a hit, streamed or not", async () => {
    await t.workflow("cached-at-once", "words-5", undefined, { cache: { ttlSeconds: 120 } });
    const client = t.client();
    const messages = [{ role: "user" as const, content: "repeat me at once" }];
    const first = await client.chat.completions.create({ model: "cached-at-once", messages }).withResponse();
    const again = await client.chat.completions.create({ model: "cached-at-once", messages }).withResponse();
    expect([first.response.headers.get("x-gateway-cache"), again.response.headers.get("x-gateway-cache")]).toEqual(["MISS", "HIT"]);
    expect(again.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);

    const streamed = [{ role: "user" as const, content: "repeat my stream at once" }];
    const read = async () => {
      const { data, response } = await client.chat.completions
        .create({ model: "cached-at-once", messages: streamed, stream: true })
        .withResponse();
      let text = "";
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? "";
      return { text, cache: response.headers.get("x-gateway-cache") };
    };
    const one = await read();
    const two = await read();
    expect([one.cache, two.cache]).toEqual(["MISS", "HIT"]);
    expect(two.text).toBe(one.text);
    expect(t.upstream.callsFor("words-5")).toHaveLength(2);
  });
});
