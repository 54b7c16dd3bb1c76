import { describe, expect, it } from "vitest";
import { useTenant } from "./harness.ts";

/**
 * Failover that moves on, through the running gateway and a loopback upstream: a silent primary
 * is waited on once, not once per retry; a primary that refuses the prompt as over its context
 * window hands the request to the next target at once.
 */
const t = useTenant();
const messages = [{ role: "user" as const, content: "hello gateway" }];

describe("moving on before output (wrangler dev, official SDK)", () => {
  it.each([false, true])("a primary that never sends headers is waited on once, then the backup serves (stream: %s)", async (stream) => {
    const name = await t.workflow(`silent-${stream}`, "stall-headers", "words-2", {
      retry: { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 40 },
    });
    const before = t.upstream.callsFor("stall-headers").length;
    const started = Date.now();
    const { data, response } = await t.client().chat.completions.create({ model: name, messages, stream }).withResponse();
    if (Symbol.asyncIterator in data) for await (const _ of data);
    expect(response.headers.get("x-gateway-provider")).toBe("backup");
    // One firstEventMs (1 s in the harness), not three.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(t.upstream.callsFor("stall-headers").length - before).toBe(1);
  });

  it("a context_length_exceeded refusal goes to the next target, never retried", async () => {
    const name = await t.workflow("window", "context-window", "words-3");
    const before = t.upstream.callsFor("context-window").length;
    const answer = await t.client().chat.completions.create({ model: name, messages });
    expect(answer.choices[0]?.message.content).toBe("alpha bravo charlie");
    expect(t.upstream.callsFor("context-window").length - before).toBe(1);
  });

  it("with no next target, the client gets the provider's own 400", async () => {
    const name = await t.workflow("window-alone", "context-window");
    const error = await t
      .client()
      .chat.completions.create({ model: name, messages })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.code).toBe("context_length_exceeded");
  });
});
