import { describe, expect, it } from "vitest";
import { chat, logOf, setupTenant } from "./gateway-client.ts";

/** A primary that misbehaves before output, and a backup that answers. */
function workflow(primary: string, extra: Record<string, unknown> = {}) {
  return {
    targets: [
      { provider: "faux", model: primary },
      { provider: "backup", model: "words-2" },
    ],
    retry: { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 10 },
    timeouts: { firstEventMs: 300, idleMs: 1_000, totalMs: 10_000 },
    health: false,
    ...extra,
  };
}

const steps = (log: any) => log.attempts.map((a: any) => [a.provider, a.errorClass, a.decision]);

describe("timeouts move on", () => {
  for (const fault of ["stall-headers", "stall-body"])
    it(`${fault}: one timeout, then the next target (no retry of the silent one)`, async () => {
      const { tenant, key } = await setupTenant({ w: workflow(fault) });
      const res = await chat(key, { model: "w", stream: true });
      expect(res.headers.get("x-gateway-provider")).toBe("backup");
      expect(res.headers.get("x-gateway-attempts")).toBe("2");
      await res.text();
      expect(steps(await logOf(tenant, res))).toEqual([
        ["faux", "first_event_timeout", "fallback"],
        ["backup", null, "commit"],
      ]);
    });

  it('retry.onTimeout: "same" retries the silent target first', async () => {
    const { tenant, key } = await setupTenant({ w: workflow("stall-headers", { retry: { maxAttempts: 2, onTimeout: "same" } }) });
    const res = await chat(key, { model: "w" });
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    await res.text();
    expect(steps(await logOf(tenant, res))).toEqual([
      ["faux", "first_event_timeout", "retry"],
      ["faux", "first_event_timeout", "fallback"],
      ["backup", null, "commit"],
    ]);
  });

  it("a 503 still retries the same target", async () => {
    const { tenant, key } = await setupTenant({ w: workflow("status-503") });
    const res = await chat(key, { model: "w" });
    await res.text();
    expect(steps(await logOf(tenant, res)).map((s: string[]) => s[2])).toEqual(["retry", "retry", "fallback", "commit"]);
  });
});

describe("context-window fallback", () => {
  it("a prompt over the primary's window goes to the next target at once, recorded as its own error class", async () => {
    const { tenant, key } = await setupTenant({ w: workflow("context-window") });
    const res = await chat(key, { model: "w", stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-provider")).toBe("backup");
    await res.text();
    expect(steps(await logOf(tenant, res))).toEqual([
      ["faux", "context_window_exceeded", "fallback"],
      ["backup", null, "commit"],
    ]);
  });

  it("with no next target, the refusal is returned as it is (no retry)", async () => {
    const { tenant, key } = await setupTenant({
      w: { ...workflow("context-window"), targets: [{ provider: "faux", model: "context-window" }] },
    });
    const res = await chat(key, { model: "w" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe("context_length_exceeded");
    expect(steps(await logOf(tenant, res))).toEqual([["faux", "context_window_exceeded", "fail"]]);
  });

  it("other 400s still fail closed: the backup is never tried", async () => {
    const { tenant, key } = await setupTenant({ w: workflow("status-400") });
    const res = await chat(key, { model: "w" });
    expect(res.status).toBe(400);
    await res.text();
    expect(steps(await logOf(tenant, res))).toEqual([["faux", "http_status", "fail"]]);
  });
});
