import { describe, expect, it } from "vitest";
import { chat, readSse, setupTenant } from "./gateway-client.ts";

/** Fast policies so timeouts and backoffs keep the suite quick. */
const fast = {
  retry: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 20 },
  timeouts: { firstEventMs: 300, idleMs: 300, totalMs: 10_000, keepaliveMs: 1_000 },
};
const workflow = (...models: string[]) => ({
  ...fast,
  targets: models.map((model, i) => ({ provider: i === 0 ? "faux" : "backup", model })),
});

async function json(res: Response): Promise<any> {
  return res.json();
}

describe.each([false, true])("attempt matrix (stream: %s)", (stream) => {
  /** The answer's text, from JSON or SSE. */
  async function answer(res: Response) {
    if (!stream) return { text: ((await json(res)) as any).choices[0].message.content as string, done: true, error: null };
    const sse = await readSse(res);
    return { text: sse.text, done: sse.done, error: sse.events.find((e) => e.error)?.error ?? null };
  }

  it("healthy primary: one attempt, served by the primary", async () => {
    const { key } = await setupTenant({ w: workflow("echo", "words-2") });
    const res = await chat(key, { model: "w", stream });
    expect(res.headers.get("x-gateway-provider")).toBe("faux");
    expect(res.headers.get("x-gateway-attempts")).toBe("1");
    expect((await answer(res)).text).toBe("Echo: hello gateway");
  });

  it("503 on the primary: retried, then served by the backup", async () => {
    const { key } = await setupTenant({ w: workflow("status-503", "words-2") });
    const res = await chat(key, { model: "w", stream });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    expect(res.headers.get("x-gateway-attempts")).toBe("3");
    expect((await answer(res)).text).toBe("alpha bravo");
  });

  it("transient 503 retried on the same target", async () => {
    const { key } = await setupTenant({ w: workflow("fail-first-1", "words-2") });
    const res = await chat(key, { model: "w", stream });
    expect(res.headers.get("x-gateway-provider")).toBe("faux");
    expect(res.headers.get("x-gateway-attempts")).toBe("2");
    expect((await answer(res)).text).toBe("Echo: hello gateway");
  });

  it("400 fails closed: the upstream error as is, no backup", async () => {
    const { key } = await setupTenant({ w: workflow("status-400", "words-2") });
    const res = await chat(key, { model: "w", stream });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-gateway-attempts")).toBe("1");
    expect(res.headers.get("x-gateway-provider")).toBeNull();
    expect(((await json(res)) as any).error.code).toBe("faux_injected");
  });

  it("401 skips to the next provider without retrying", async () => {
    const { key } = await setupTenant({ w: workflow("status-401", "words-2") });
    const res = await chat(key, { model: "w", stream });
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    expect(res.headers.get("x-gateway-attempts")).toBe("2");
  });

  it("429 with Retry-After waits that long before retrying", async () => {
    const { key } = await setupTenant({ w: { ...workflow("status-429+retry-after-1+fail-first-1") } });
    const started = Date.now();
    const res = await chat(key, { model: "w", stream });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-attempts")).toBe("2");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("429 whose Retry-After exceeds the time left moves to the backup at once", async () => {
    const { key } = await setupTenant({ w: { ...workflow("status-429+retry-after-60", "words-2") } });
    const started = Date.now();
    const res = await chat(key, { model: "w", stream });
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each(["stall-headers", "stall-body", "error-first"])("%s before output fails over to the backup", async (fault) => {
    const { key } = await setupTenant({ w: workflow(fault, "words-2") });
    const res = await chat(key, { model: "w", stream });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    expect((await answer(res)).text).toBe("alpha bravo");
  });

  it("all targets fail: 502 naming each attempt's provider, model and reason", async () => {
    const { key } = await setupTenant({ w: workflow("status-503", "status-500") });
    const res = await chat(key, { model: "w", stream });
    expect(res.status).toBe(502);
    expect(res.headers.get("x-gateway-attempts")).toBe("4");
    const body = (await json(res)) as any;
    expect(body.error.code).toBe("all_targets_failed");
    expect(body.error.message).toContain("faux/status-503 (attempt 2): HTTP 503");
    expect(body.error.message).toContain("backup/status-500 (attempt 1): HTTP 500");
  });

  it("all targets time out: 504", async () => {
    const { key } = await setupTenant({ w: { ...workflow("stall-headers", "stall-headers"), retry: { maxAttempts: 1 } } });
    const res = await chat(key, { model: "w", stream });
    expect(res.status).toBe(504);
    expect(((await json(res)) as any).error.code).toBe("upstream_timeout");
  });
});

describe("after commit (stream)", () => {
  it("die after N deltas: the text so far, then one stream_interrupted event, no [DONE], no backup", async () => {
    const { key } = await setupTenant({ w: workflow("words-6+die-after-3", "echo") });
    const res = await chat(key, { model: "w", stream: true });
    expect(res.headers.get("x-gateway-provider")).toBe("faux");
    const sse = await readSse(res);
    expect(sse.text).toBe("alpha bravo charlie ");
    expect(sse.done).toBe(false);
    expect(sse.events.at(-1)?.error).toMatchObject({ code: "stream_interrupted", type: "upstream_error" });
    expect(sse.events.filter((e) => e.error)).toHaveLength(1);
  });

  it("hang after N deltas: an idle_timeout event", async () => {
    const { key } = await setupTenant({ w: workflow("words-6+hang-after-2", "echo") });
    const sse = await readSse(await chat(key, { model: "w", stream: true }));
    expect(sse.text).toBe("alpha bravo ");
    expect(sse.done).toBe(false);
    expect(sse.events.at(-1)?.error?.code).toBe("idle_timeout");
  });

  it("an error event after output ends the stream with stream_interrupted", async () => {
    const { key } = await setupTenant({ w: workflow("words-6+error-after-2", "echo") });
    const sse = await readSse(await chat(key, { model: "w", stream: true }));
    expect(sse.text).toBe("alpha bravo ");
    expect(sse.events.at(-1)?.error?.code).toBe("stream_interrupted");
  });

  it("totalMs after commit: a total_timeout event", async () => {
    const { key } = await setupTenant({
      w: { targets: [{ provider: "faux", model: "words-50+slow-100" }], timeouts: { firstEventMs: 1_000, idleMs: 1_000, totalMs: 700 } },
    });
    const sse = await readSse(await chat(key, { model: "w", stream: true }));
    expect(sse.text.length).toBeGreaterThan(0);
    expect(sse.done).toBe(false);
    expect(sse.events.at(-1)?.error?.code).toBe("total_timeout");
  });

  it("keepalive comments during post-commit silence shorter than idleMs", async () => {
    const { key } = await setupTenant({
      w: {
        targets: [{ provider: "faux", model: "words-3+slow-1300" }],
        timeouts: { firstEventMs: 5_000, idleMs: 5_000, keepaliveMs: 1_000 },
      },
    });
    const sse = await readSse(await chat(key, { model: "w", stream: true }));
    expect(sse.done).toBe(true);
    expect(sse.comments).toBeGreaterThanOrEqual(1);
  });
});
