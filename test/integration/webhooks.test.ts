import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigStore } from "../../src/config/config-store.ts";
import { announceResponseEvent, type ResponseWebhookEvent } from "../../src/webhooks/announce-response.ts";
import { webhookEndpoint } from "../../src/webhooks/endpoint-stub.ts";
import { signWebhook } from "../../src/webhooks/webhook-secret.ts";
import { admin, chat, logOf, setupTenant } from "./gateway-client.ts";

const HOOK_URL = "https://hooks.example.com/openai";

/** What the mocked receiver got: every attempt, in order. */
interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}
let received: Received[] = [];
/** The receiver's answers, in order; 200 once they run out. */
let answers: number[] = [];

beforeEach(() => {
  received = [];
  answers = [];
  const realFetch = globalThis.fetch;
  // The Durable Objects run in the tests' isolate: their outbound fetch is this one.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith("https://hooks.example.com/")) return realFetch(input, init);
    received.push({ url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() });
    return new Response("ok", { status: answers.shift() ?? 200 });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function json(pending: Promise<Response>): Promise<any> {
  return (await pending).json();
}

/** A tenant with one webhook subscribed to `response.completed`; its secret as shown once. */
async function tenantWithWebhook(events = ["response.completed"]) {
  const setup = await setupTenant({ w: { targets: [{ provider: "faux", model: "echo" }] } });
  const res = await admin("PUT", `/tenants/${setup.tenant}/webhooks/hook`, { url: HOOK_URL, events, enabled: true });
  expect(res.status).toBe(201);
  const created = (await res.json()) as any;
  return { ...setup, secret: created.secret as string, endpoint: webhookEndpoint(env, setup.tenant, "hook") };
}

/** A real request of the tenant (so its record exists), announced as a completed response. */
async function completedResponse(tenant: string, key: string): Promise<ResponseWebhookEvent> {
  const res = await chat(key, { model: "w" });
  await res.text();
  const requestId = (await logOf(tenant, res)).id as string;
  return { tenant, type: "response.completed", requestId, responseId: requestId.replace(/^req_/, "resp_") };
}

type Endpoint = ReturnType<typeof webhookEndpoint>;

/** Makes every pending delivery due now and runs the endpoint's alarm, as the schedule would later. */
async function runDueAttempts(endpoint: Endpoint): Promise<void> {
  await runInDurableObject(endpoint, (_object, state) => {
    state.storage.sql.exec("UPDATE delivery SET next_attempt_at = ? WHERE next_attempt_at IS NOT NULL", Date.now());
    return state.storage.setAlarm(Date.now());
  });
  await runDurableObjectAlarm(endpoint);
}

/** The single delivery listed, once it has `attempts` attempts (the enqueue's own alarm may run first). */
async function deliveryAfter(tenant: string, attempts: number): Promise<any> {
  let delivery: any = null;
  await expect
    .poll(
      async () => {
        const listed = await json(admin("GET", `/tenants/${tenant}/webhooks/hook/deliveries`));
        delivery = listed.data[0];
        return delivery?.attempts.length ?? 0;
      },
      { timeout: 5_000, interval: 20 },
    )
    .toBe(attempts);
  return delivery;
}

describe("webhooks: admin API", () => {
  it("create shows the secret once; reads and raw storage never hold it; an update keeps it; delete", async () => {
    const { tenant } = await setupTenant({});
    const created = await json(admin("PUT", `/tenants/${tenant}/webhooks/hook`, { url: HOOK_URL, events: ["response.completed"] }));
    expect(created).toMatchObject({ name: "hook", url: HOOK_URL, events: ["response.completed"], enabled: true });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.secretSealed).toBeUndefined();
    for (const path of [`/tenants/${tenant}/webhooks/hook`, `/tenants/${tenant}/webhooks`]) {
      const text = await (await admin("GET", path)).text();
      expect(text).toContain(HOOK_URL);
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain("secret");
    }
    const raw = await env.CONFIG.get(`v1:t:${tenant}:webhook:hook`);
    expect(raw).not.toContain(created.secret.slice(6));
    const sealed = JSON.parse(raw ?? "{}").secretSealed;

    const update = await admin("PUT", `/tenants/${tenant}/webhooks/hook`, {
      url: `${HOOK_URL}/v2`,
      events: ["response.failed"],
      enabled: false,
    });
    expect(update.status).toBe(200);
    const updated = (await update.json()) as any;
    expect(updated).toMatchObject({ url: `${HOOK_URL}/v2`, events: ["response.failed"], enabled: false, createdAt: created.createdAt });
    expect(updated.secret).toBeUndefined();
    expect(JSON.parse((await env.CONFIG.get(`v1:t:${tenant}:webhook:hook`)) ?? "{}").secretSealed).toBe(sealed);

    expect((await admin("DELETE", `/tenants/${tenant}/webhooks/hook`)).status).toBe(200);
    expect((await admin("GET", `/tenants/${tenant}/webhooks/hook`)).status).toBe(404);
    expect((await json(admin("GET", `/tenants/${tenant}/webhooks`))).data).toEqual([]);
  });

  it("refuses URLs the SSRF rule forbids, naming url; bad events name events; unknown tenant 404", async () => {
    const { tenant } = await setupTenant({});
    // Tests run with WEBHOOK_ALLOW_LOOPBACK=true (as local development does): loopback is allowed, nothing else private.
    for (const url of [
      "http://hooks.example.com/x",
      "https://10.0.0.1/x",
      "https://169.254.169.254/",
      "https://db.internal/",
      "ftp://x.example.com/",
    ]) {
      const res = await admin("PUT", `/tenants/${tenant}/webhooks/hook`, { url, events: ["response.completed"] });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as any).error.param, url).toBe("url");
    }
    expect(
      (await admin("PUT", `/tenants/${tenant}/webhooks/local`, { url: "http://127.0.0.1:9/x", events: ["response.failed"] })).status,
    ).toBe(201);
    const badEvents = await admin("PUT", `/tenants/${tenant}/webhooks/hook`, { url: HOOK_URL, events: ["response.exploded"] });
    expect(((await badEvents.json()) as any).error.param).toBe("events[0]");
    expect((await admin("PUT", `/tenants/${tenant}/webhooks/hook`, { url: HOOK_URL, events: [] })).status).toBe(400);
    expect((await admin("PUT", `/tenants/nope${tenant}/webhooks/hook`, { url: HOOK_URL, events: ["response.completed"] })).status).toBe(
      404,
    );
    expect((await admin("GET", `/tenants/nope${tenant}/webhooks`)).status).toBe(404);
    expect((await admin("GET", `/tenants/${tenant}/webhooks/hook/deliveries`)).status).toBe(404);
  });
});

describe("webhooks: delivery by the WebhookEndpoint object", () => {
  it("500 schedules a retry on the schedule; 200 delivers; same id and body bytes, signed per attempt, noted in the request's record", async () => {
    const { tenant, key, secret, endpoint } = await tenantWithWebhook();
    const event = await completedResponse(tenant, key);
    answers = [500, 200];
    const before = Date.now();
    await announceResponseEvent(env, event);
    await runDurableObjectAlarm(endpoint);
    const first = await deliveryAfter(tenant, 1);
    expect(first).toMatchObject({
      status: "pending",
      eventType: "response.completed",
      responseId: event.responseId,
      requestId: event.requestId,
    });
    expect(first.attempts[0]).toMatchObject({ status: 500, error: "HTTP 500" });
    // The first retry waits 5 s ±20% (WEBHOOK_RETRY_DELAYS_MS in wrangler.jsonc).
    const wait = Date.parse(first.nextAttemptAt) - Date.parse(first.attempts[0].at);
    expect(wait).toBeGreaterThanOrEqual(4_000 - 50);
    expect(wait).toBeLessThanOrEqual(6_000 + 50);
    expect(Date.parse(first.createdAt)).toBeGreaterThanOrEqual(before - 1);

    await runDueAttempts(endpoint);
    const done = await deliveryAfter(tenant, 2);
    expect(done).toMatchObject({ status: "delivered", nextAttemptAt: null });
    expect(done.attempts[1]).toMatchObject({ status: 200, error: null });

    expect(received).toHaveLength(2);
    const [a, b] = received as [Received, Received];
    expect(a.url).toBe(HOOK_URL);
    expect(a.headers["webhook-id"]).toBe(done.id);
    expect(b.headers["webhook-id"]).toBe(done.id);
    expect(b.body).toBe(a.body);
    expect(a.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(a.body)).toEqual({
      id: done.id,
      object: "event",
      type: "response.completed",
      created_at: Math.floor(Date.parse(done.createdAt) / 1000),
      data: { id: event.responseId },
    });
    for (const attempt of received) {
      const timestamp = Number(attempt.headers["webhook-timestamp"]);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(30);
      expect(attempt.headers["webhook-signature"]).toBe(
        await signWebhook(secret, attempt.headers["webhook-id"] ?? "", timestamp, attempt.body),
      );
    }

    const record = await json(admin("GET", `/tenants/${tenant}/logs/${event.requestId}`));
    expect(record.webhookDeliveries).toEqual([
      expect.objectContaining({ webhook: "hook", deliveryId: done.id, status: 500, deliveryStatus: "pending" }),
      expect.objectContaining({ webhook: "hook", deliveryId: done.id, status: 200, deliveryStatus: "delivered" }),
    ]);
  });

  it("announcing again (at-least-once caller) adds no delivery; other types and disabled webhooks get none", async () => {
    const { tenant, key, endpoint } = await tenantWithWebhook(["response.completed", "response.failed"]);
    const event = await completedResponse(tenant, key);
    await announceResponseEvent(env, event);
    await announceResponseEvent(env, event);
    await runDurableObjectAlarm(endpoint);
    await deliveryAfter(tenant, 1);
    await announceResponseEvent(env, event);
    await runDurableObjectAlarm(endpoint);
    expect(received).toHaveLength(1);
    expect((await endpoint.list()).length).toBe(1);

    // A type it is not subscribed to, then any type while disabled: nothing stored.
    await announceResponseEvent(env, { ...event, type: "response.cancelled" });
    await admin("PUT", `/tenants/${tenant}/webhooks/hook`, {
      url: HOOK_URL,
      events: ["response.completed", "response.failed"],
      enabled: false,
    });
    await announceResponseEvent(env, { ...event, type: "response.failed" });
    expect((await endpoint.list()).length).toBe(1);
  });

  it("410 Gone ends the delivery and disables the webhook", async () => {
    const { tenant, key, endpoint } = await tenantWithWebhook();
    answers = [410];
    await announceResponseEvent(env, await completedResponse(tenant, key));
    await runDurableObjectAlarm(endpoint);
    const delivery = await deliveryAfter(tenant, 1);
    expect(delivery).toMatchObject({ status: "failed", nextAttemptAt: null, attempts: [expect.objectContaining({ status: 410 })] });
    const webhook = await json(admin("GET", `/tenants/${tenant}/webhooks/hook`));
    expect(webhook).toMatchObject({ enabled: false, disabledReason: "the receiver answered 410 Gone" });
    await announceResponseEvent(env, await completedResponse(tenant, key));
    expect((await endpoint.list()).length).toBe(1);
  });

  it("every retry failing makes a dead letter; redeliver sends it again now, same webhook-id", async () => {
    const { tenant, key, endpoint } = await tenantWithWebhook();
    answers = Array(8).fill(503);
    await announceResponseEvent(env, await completedResponse(tenant, key));
    await runDurableObjectAlarm(endpoint);
    await deliveryAfter(tenant, 1);
    // The default schedule: 7 retries after the first attempt.
    for (let attempt = 2; attempt <= 8; attempt++) {
      await runDueAttempts(endpoint);
      await deliveryAfter(tenant, attempt);
    }
    const dead = await deliveryAfter(tenant, 8);
    expect(dead).toMatchObject({ status: "dead", nextAttemptAt: null });
    expect(received).toHaveLength(8);

    const redelivered = await admin("POST", `/tenants/${tenant}/webhooks/hook/deliveries/${dead.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(((await redelivered.json()) as any).status).toBe("pending");
    await runDurableObjectAlarm(endpoint);
    expect(await deliveryAfter(tenant, 9)).toMatchObject({ status: "delivered", id: dead.id });
    expect(received).toHaveLength(9);
    expect(received[8]?.headers["webhook-id"]).toBe(dead.id);
    expect(received[8]?.body).toBe(received[0]?.body);

    expect((await admin("POST", `/tenants/${tenant}/webhooks/hook/deliveries/evt_${"0".repeat(32)}/redeliver`)).status).toBe(404);
    expect((await admin("POST", `/tenants/${tenant}/webhooks/hook/deliveries/nope/redeliver`)).status).toBe(400);
  });

  it("checks the URL again at delivery time: a stored URL the rule refuses is never called", async () => {
    const { tenant, key, endpoint } = await tenantWithWebhook();
    const store = new ConfigStore(env.CONFIG);
    const webhook = await store.getWebhook(tenant, "hook");
    await store.putWebhook(tenant, { ...(webhook as NonNullable<typeof webhook>), url: "https://192.168.1.10/hook" });
    await announceResponseEvent(env, await completedResponse(tenant, key));
    await runDurableObjectAlarm(endpoint);
    const delivery = await deliveryAfter(tenant, 1);
    expect(delivery).toMatchObject({ status: "failed", attempts: [expect.objectContaining({ status: null })] });
    expect(delivery.attempts[0].error).toContain("private");
    expect(received).toHaveLength(0);
  });

  it("deliveries expire after the retention period", async () => {
    const { tenant, key, endpoint } = await tenantWithWebhook();
    await announceResponseEvent(env, await completedResponse(tenant, key));
    await runDurableObjectAlarm(endpoint);
    await deliveryAfter(tenant, 1);
    await runInDurableObject(endpoint, (_object, state) => {
      state.storage.sql.exec("UPDATE delivery SET created_at = ?", Date.now() - 31 * 24 * 3600 * 1000);
      return state.storage.setAlarm(Date.now());
    });
    await runDurableObjectAlarm(endpoint);
    expect(await endpoint.list()).toEqual([]);
    expect(await runInDurableObject(endpoint, (_object, state) => state.storage.getAlarm())).toBeNull();
  });
});
