import { createServer, type IncomingHttpHeaders } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback } from "../support/listen-loopback.ts";
import { type RunningGateway, startGateway } from "../support/wrangler-dev.ts";

/**
 * Webhooks for background responses, end to end: the real gateway (`wrangler dev`, whose
 * .dev.vars sets WEBHOOK_ALLOW_LOOPBACK=true) with a fast retry schedule, a loopback receiver
 * that fails twice, and the official SDK both making the background response and verifying
 * every delivery (`client.webhooks.unwrap`).
 */

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Delivery[] = [];
/** The receiver's answers in order; 200 once they run out. */
const answers = [500, 500, 200];
let receiver: Awaited<ReturnType<typeof listenOnLoopback>> | undefined;
let gateway: RunningGateway | undefined;

beforeAll(async () => {
  receiver = await listenOnLoopback(
    createServer(async (req, res) => {
      const parts: Buffer[] = [];
      for await (const part of req) parts.push(part as Buffer);
      received.push({ headers: req.headers, body: Buffer.concat(parts).toString("utf8") });
      res.writeHead(answers.shift() ?? 200).end();
    }),
  );
  gateway = await startGateway({ extraArgs: ["--var", "WEBHOOK_RETRY_DELAYS_MS:300,300"] });
});
afterAll(async () => {
  await gateway?.stop();
  await receiver?.close();
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${gateway?.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${gateway?.adminToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what}`);
}

describe("webhooks for background responses", () => {
  it("500, 500, 200: three signed deliveries with one webhook-id, listed with their attempts; redeliver sends a fourth", async () => {
    const tenant = `hooks${Date.now().toString(36)}`;
    expect((await admin("PUT", `/tenants/${tenant}`, {})).status).toBe(201);
    await admin("PUT", `/tenants/${tenant}/providers/faux`, { type: "faux" });
    await admin("PUT", `/tenants/${tenant}/workflows/w`, { targets: [{ provider: "faux", model: "echo" }] });
    const key = (await admin("POST", `/tenants/${tenant}/keys`, { name: "e2e" })).json.key as string;
    const created = await admin("PUT", `/tenants/${tenant}/webhooks/done`, {
      url: `http://127.0.0.1:${receiver?.port}/hook`,
      events: ["response.completed", "response.failed", "response.incomplete", "response.cancelled"],
      enabled: true,
    });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;

    const client = new OpenAI({ baseURL: `${gateway?.url}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000 });
    const response = await client.responses.create({ model: "w", input: "hello webhooks", background: true });
    expect(response.background).toBe(true);

    await until(() => received.length >= 3, "three deliveries");
    const events = await Promise.all(received.map((d) => client.webhooks.unwrap(d.body, d.headers as Record<string, string>, secret)));
    for (const event of events) expect(event).toMatchObject({ object: "event", type: "response.completed", data: { id: response.id } });
    const ids = new Set(received.map((d) => d.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    const [webhookId] = [...ids];
    expect(webhookId).toBe(events[0]?.id);
    expect(new Set(received.map((d) => d.body)).size).toBe(1);
    expect((await client.responses.retrieve(response.id)).status).toBe("completed");

    await until(
      async () => (await admin("GET", `/tenants/${tenant}/webhooks/done/deliveries`)).json.data[0]?.status === "delivered",
      "delivered",
    );
    const [delivery] = (await admin("GET", `/tenants/${tenant}/webhooks/done/deliveries`)).json.data;
    expect(delivery).toMatchObject({ id: webhookId, eventType: "response.completed", responseId: response.id, status: "delivered" });
    expect(delivery.attempts.map((a: any) => a.status)).toEqual([500, 500, 200]);

    const redelivered = await admin("POST", `/tenants/${tenant}/webhooks/done/deliveries/${webhookId}/redeliver`);
    expect(redelivered.status).toBe(202);
    await until(() => received.length >= 4, "the redelivery");
    const fourth = received[3] as Delivery;
    expect(fourth.headers["webhook-id"]).toBe(webhookId);
    await expect(client.webhooks.unwrap(fourth.body, fourth.headers as Record<string, string>, secret)).resolves.toMatchObject({
      data: { id: response.id },
    });

    // The request's record notes every attempt.
    const requestId = delivery.requestId as string;
    await until(
      async () => (await admin("GET", `/tenants/${tenant}/logs/${requestId}`)).json.webhookDeliveries?.length === 4,
      "four notes",
    );
    const record = (await admin("GET", `/tenants/${tenant}/logs/${requestId}`)).json;
    expect(record.webhookDeliveries.map((n: any) => n.status)).toEqual([500, 500, 200, 200]);
  }, 120_000);

  it("a cancelled background response is announced as response.cancelled; a refused one (unknown workflow) is not announced", async () => {
    const tenant = `hooksc${Date.now().toString(36)}`;
    await admin("PUT", `/tenants/${tenant}`, {});
    await admin("PUT", `/tenants/${tenant}/providers/faux`, { type: "faux" });
    await admin("PUT", `/tenants/${tenant}/workflows/slow`, { targets: [{ provider: "faux", model: "slow-300+words-40" }] });
    const key = (await admin("POST", `/tenants/${tenant}/keys`, { name: "e2e" })).json.key as string;
    const secret = (
      await admin("PUT", `/tenants/${tenant}/webhooks/all`, {
        url: `http://127.0.0.1:${receiver?.port}/all`,
        events: ["response.completed", "response.failed", "response.incomplete", "response.cancelled"],
        enabled: true,
      })
    ).json.secret as string;
    const client = new OpenAI({ baseURL: `${gateway?.url}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000 });
    const refused = await client.responses.create({ model: "no-such-workflow", input: "x", background: true }).catch((e) => e);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
    const job = await client.responses.create({ model: "slow", input: "stop", background: true });
    expect((await client.responses.cancel(job.id)).status).toBe("cancelled");

    const mine = async () => {
      const events = await Promise.all(
        received
          .filter((d) => d.headers["webhook-id"] !== undefined)
          .map((d) => client.webhooks.unwrap(d.body, d.headers as Record<string, string>, secret).catch(() => null)),
      );
      return events.filter((e): e is NonNullable<typeof e> => e !== null);
    };
    await until(async () => (await mine()).length >= 1, "the cancelled announcement");
    // Time for a wrong announcement of the refused request to arrive, had there been one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const events = await mine();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "response.cancelled", data: { id: job.id } });
  }, 60_000);
});
