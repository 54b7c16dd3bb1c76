import { describe, expect, it } from "vitest";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();

async function ask(workflow: string, stream: boolean) {
  const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: workflow, stream, messages: [{ role: "user", content: "hello gateway" }] }),
  });
  const text = await res.text();
  return { status: res.status, provider: res.headers.get("x-gateway-provider"), id: res.headers.get("x-request-id"), text };
}

describe.each([false, true])("hedging (stream: %s)", (stream) => {
  it("a slow first attempt is raced by the next target after afterMs; the loser's connection is closed at once", async () => {
    const name = await t.workflow(`hedge-${stream}`, "delay-3000", "echo", {
      hedge: { afterMs: 200 },
      timeouts: { firstEventMs: 5_000, idleMs: 5_000, totalMs: 15_000, keepaliveMs: 5_000 },
    });
    const before = t.upstream.callsFor("delay-3000").length;
    const started = Date.now();
    const answer = await ask(name, stream);
    expect(answer.status).toBe(200);
    expect(answer.provider).toBe("backup");
    // Only the winner's output, never stitched with the loser's.
    expect(answer.text).toContain(stream ? '"content":"gateway"' : "Echo: hello gateway");
    expect(answer.text).not.toContain("delay-3000");
    expect(Date.now() - started).toBeLessThan(2_000);
    const [primaryCall] = t.upstream.callsFor("delay-3000").slice(before);
    await expect.poll(() => primaryCall?.closedEarly, { timeout: 2_000 }).toBe(true);
    expect((primaryCall?.closedAt ?? 0) - started).toBeLessThan(2_000);

    const record = await logRecord(t.tenant, answer.id);
    expect(record.attempts).toHaveLength(2);
    expect(record.attempts[0]).toMatchObject({ provider: "primary", decision: "hedge_lost", role: "primary", errorClass: null });
    expect(record.attempts[1]).toMatchObject({ provider: "backup", decision: "commit", role: "hedge" });
    expect(record.attempts[1].startedAtMs).toBeGreaterThanOrEqual(200);
  });

  it("a first attempt that answers before afterMs is not hedged: the next target is never contacted", async () => {
    const name = await t.workflow(`nohedge-${stream}`, "words-2", "words-5", { hedge: { afterMs: 2_000 } });
    const before = t.upstream.callsFor("words-5").length;
    const answer = await ask(name, stream);
    expect(answer.provider).toBe("primary");
    expect(t.upstream.callsFor("words-5").length).toBe(before);
    const record = await logRecord(t.tenant, answer.id);
    expect(record.attempts).toHaveLength(1);
    expect(record.attempts[0].role).toBeUndefined();
  });
});

describe("hedging: both attempts fail", () => {
  it("the race's failures are logged with their roles and the request fails over as usual", async () => {
    await admin("PUT", `/tenants/${t.tenant}/workflows/hedge-both`, {
      targets: [
        { provider: "primary", model: "stall-headers" },
        { provider: "backup", model: "status-500" },
        { provider: "backup", model: "echo" },
      ],
      retry: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 20 },
      timeouts: { firstEventMs: 1_000, idleMs: 1_000, totalMs: 15_000, keepaliveMs: 5_000 },
      hedge: { afterMs: 100 },
    });
    const answer = await ask("hedge-both", false);
    expect(answer.status).toBe(200);
    const record = await logRecord(t.tenant, answer.id);
    expect(record.attempts.map((a: any) => [a.model, a.decision, a.role])).toEqual([
      ["status-500", "fallback", "hedge"],
      ["stall-headers", "fallback", "primary"],
      ["echo", "commit", undefined],
    ]);
  });
});
