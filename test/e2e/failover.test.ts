import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useTenant } from "./harness.ts";

const t = useTenant();
const messages = [{ role: "user" as const, content: "hello gateway" }];

async function streamText(model: string) {
  const stream = await t.client().chat.completions.create({ model, messages, stream: true });
  let text = "";
  try {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    return { text, error: null };
  } catch (error) {
    return { text, error: error as InstanceType<typeof OpenAI.APIError> };
  }
}

describe.each([false, true])("failover matrix through the SDK (stream: %s)", (stream) => {
  const run = async (model: string) => {
    if (stream) return (await streamText(model)).text;
    return (await t.client().chat.completions.create({ model, messages })).choices[0]?.message.content;
  };

  it("healthy primary: the backup is never contacted", async () => {
    const name = await t.workflow(`healthy-${stream}`, "words-2", "words-3");
    const before = t.upstream.callsFor("words-3").length;
    expect(await run(name)).toBe("alpha bravo");
    expect(t.upstream.callsFor("words-3").length).toBe(before);
  });

  it("503 then success on the backup (the primary retried first)", async () => {
    const name = await t.workflow(`s503-${stream}`, "status-503", "echo", { health: false });
    const before = t.upstream.callsFor("status-503").length;
    expect(await run(name)).toBe("Echo: hello gateway");
    expect(t.upstream.callsFor("status-503").length - before).toBe(2);
  });

  it("transient 503 retried on the same target", async () => {
    const name = await t.workflow(`transient-${stream}`, "fail-first-1", "words-3");
    expect(await run(name)).toBe("Echo: hello gateway");
  });

  it("400 fails closed: BadRequestError, no backup call", async () => {
    const name = await t.workflow(`s400-${stream}`, "status-400", "words-7");
    const error = await run(name).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(t.upstream.callsFor("words-7")).toHaveLength(0);
  });

  it("401 skips to the next provider without retrying", async () => {
    const name = await t.workflow(`s401-${stream}`, "status-401", "echo");
    const before = t.upstream.callsFor("status-401").length;
    expect(await run(name)).toBe("Echo: hello gateway");
    expect(t.upstream.callsFor("status-401").length - before).toBe(1);
  });

  it("429 with Retry-After: the retry waits as asked", async () => {
    const model = `status-429+retry-after-1+fail-first-1`;
    const name = await t.workflow(`s429-${stream}`, model);
    const before = t.upstream.callsFor(model).length;
    expect(await run(name)).toBe("Echo: hello gateway");
    const calls = t.upstream.callsFor(model).slice(before);
    expect(calls).toHaveLength(2);
    expect((calls[1]?.startedAt ?? 0) - (calls[0]?.startedAt ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it.each(["stall-headers", "stall-body", "error-first"])("%s: the backup serves and the stalled connection is closed", async (fault) => {
    const name = await t.workflow(`${fault}-${stream}`, fault, "echo", { retry: { maxAttempts: 1 } });
    const before = t.upstream.callsFor(fault).length;
    expect(await run(name)).toBe("Echo: hello gateway");
    const [call] = t.upstream.callsFor(fault).slice(before);
    await expect.poll(() => call?.closedAt, { timeout: 2_000 }).not.toBeNull();
  });

  it("all targets fail: 502 listing every attempt", async () => {
    const name = await t.workflow(`allfail-${stream}`, "status-503", "status-500", { health: false });
    const error = await run(name).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(502);
    expect(error.message).toContain("primary/status-503 (attempt 2)");
    expect(error.message).toContain("backup/status-500 (attempt 2)");
  });
});

describe("after commit, through the SDK", () => {
  it("die after N deltas: the SDK raises, the text so far is intact, the backup is never called", async () => {
    const name = await t.workflow("die", "words-6+die-after-3", "words-9");
    const { text, error } = await streamText(name);
    expect(text).toBe("alpha bravo charlie ");
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String(error?.message)).toContain("mid-stream");
    expect(t.upstream.callsFor("words-9")).toHaveLength(0);
  });

  it("hang after N deltas: an idle timeout error event, raised by the SDK", async () => {
    const name = await t.workflow("hang", "words-6+hang-after-2", "words-9");
    const { text, error } = await streamText(name);
    expect(text).toBe("alpha bravo ");
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as any)?.error?.code ?? (error as any)?.code).toBe("idle_timeout");
    const [call] = t.upstream.callsFor("words-6+hang-after-2");
    await expect.poll(() => call?.closedEarly, { timeout: 2_000 }).toBe(true);
  });

  it("client abort: the upstream connection is closed within a second", async () => {
    const model = "words-40+slow-200";
    const name = await t.workflow("abort", model);
    const controller = new AbortController();
    const stream = await t.client().chat.completions.create({ model: name, messages, stream: true }, { signal: controller.signal });
    let abortedAt = 0;
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) {
          abortedAt = Date.now();
          controller.abort();
        }
      }
    } catch {
      // the SDK raises APIUserAbortError
    }
    const [call] = t.upstream.callsFor(model);
    await expect.poll(() => call?.closedAt, { timeout: 3_000, interval: 50 }).not.toBeNull();
    expect(call?.closedEarly).toBe(true);
    expect((call?.closedAt ?? Infinity) - abortedAt).toBeLessThan(1_000);
  });
});
