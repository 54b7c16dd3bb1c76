import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newRequestId } from "../../src/http/request-id.ts";
import { traceContextOf } from "../../src/http/trace-context.ts";
import { setupTenant } from "./gateway-client.ts";

/** The request's object as a durable generation's owner, driven directly (the Worker's side is covered end to end). */
describe("GenerationHost in the request's object", () => {
  const fast = { retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 } };

  function startInput(tenant: string, keyId: string, requestId: string, body: Record<string, unknown>) {
    return {
      requestId,
      receivedAt: Date.now(),
      trace: traceContextOf(null, null),
      tenant,
      keyId,
      mode: "idempotent" as const,
      call: {
        url: "http://gateway.test/v1/chat/completions",
        method: "POST",
        headers: [["content-type", "application/json"]] as Array<[string, string]>,
        body: JSON.stringify(body),
      },
      secrets: [],
    };
  }

  it("a duplicate that reaches the object before the first request's start waits for it and gets the same answer", async () => {
    const { tenant, keyId } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "slow-50+words-4" }] } });
    const requestId = newRequestId();
    const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId));
    const early = stub.attachDurable("req_duplicate", Date.now());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const first = await stub.startDurable(startInput(tenant, keyId, requestId, { model: "w", messages: [{ role: "user", content: "x" }] }));
    const [a, b] = [await first.json(), await (await early).json()];
    expect(first.status).toBe(200);
    expect((a as any).choices[0].message.content.split(" ").length).toBe(4);
    expect(b).toEqual(a);
  });

  it("a duplicate whose first request never started is told so (409), not kept waiting forever", async () => {
    const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(newRequestId()));
    const started = Date.now();
    const answer = await stub.attachDurable("req_orphan", Date.now());
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as any).error.code).toBe("idempotency_key_unusable");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it("a resume past the end of a finished stream is a 400; at its last event, an empty stream", async () => {
    const { tenant, keyId } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "words-3" }] } });
    const requestId = newRequestId();
    const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId));
    const live = await (
      await stub.startDurable(
        startInput(tenant, keyId, requestId, { model: "w", stream: true, messages: [{ role: "user", content: "x" }] }),
      )
    ).text();
    const ids = [...live.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const last = ids.at(-1) as number;
    expect(ids).toEqual(ids.map((_, i) => i));
    expect(await (await stub.followDurable(tenant, last))?.text()).toBe("");
    expect((await stub.followDurable(tenant, last + 1))?.status).toBe(400);
    expect(await stub.followDurable("another-tenant", -1)).toBeNull();
  });
});
