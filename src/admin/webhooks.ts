import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import type { TenantRecord } from "../config/schemas.ts";
import { publicWebhook, type WebhookRecord, webhookInput } from "../config/webhook-config.ts";
import { GatewayError, invalidRequest, notFound } from "../http/gateway-error.ts";
import { sealSecret } from "../secrets/secret-box.ts";
import { webhookEndpoint } from "../webhooks/endpoint-stub.ts";
import type { WebhookDelivery } from "../webhooks/webhook-delivery.ts";
import { newWebhookSecret } from "../webhooks/webhook-secret.ts";
import { allowsLoopback, webhookUrlProblem } from "../webhooks/webhook-url.ts";
import { nameParam, pathParam, readBody, requireTenant } from "./admin-helpers.ts";

/** A delivery id is its event id (`src/webhooks/webhook-event.ts`). */
const deliveryId = z.string().regex(/^evt_[0-9a-f]{32}$/, "a delivery id is 'evt_' and 32 of 0-9 a-f");

async function requireWebhook(c: Context<AppEnv>, tenant: TenantRecord): Promise<WebhookRecord> {
  const name = nameParam(c, "name");
  const webhook = await c.get("store").getWebhook(tenant.name, name);
  if (!webhook) throw notFound(`No webhook named '${name}'.`, "webhook_not_found");
  return webhook;
}

/**
 * Deliveries of this webhook as it is now: an earlier webhook or tenant of the same name shared
 * its object, and its deliveries (until they expire) are not this one's.
 */
function isCurrent(delivery: WebhookDelivery, tenant: TenantRecord, webhook: WebhookRecord): boolean {
  return delivery.createdAt >= webhook.createdAt && (tenant.createdAt === undefined || delivery.createdAt >= tenant.createdAt);
}

/** `/admin/v1/tenants/{tenant}/webhooks[/{name}[/deliveries[/{id}/redeliver]]]` */
export const webhookRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    return c.json({ object: "list", data: (await c.get("store").listWebhooks(tenant.name)).map(publicWebhook) });
  })
  .put("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const input = await readBody(c, webhookInput);
    const problem = webhookUrlProblem(input.url, allowsLoopback(c.env));
    if (problem) throw invalidRequest(`Invalid request: url ${problem}.`, "url", "invalid_value");
    const previous = await c.get("store").getWebhook(tenant.name, name);
    const now = new Date().toISOString();
    if (previous) {
      // The secret cannot be read back to be resent: an update keeps it.
      const record: WebhookRecord = { ...input, name, secretSealed: previous.secretSealed, createdAt: previous.createdAt, updatedAt: now };
      await c.get("store").putWebhook(tenant.name, record);
      return c.json(publicWebhook(record), 200);
    }
    const secret = newWebhookSecret();
    const record: WebhookRecord = {
      ...input,
      name,
      secretSealed: await sealSecret(secret, c.env.SECRETS_KEY),
      createdAt: now,
      updatedAt: now,
    };
    await c.get("store").putWebhook(tenant.name, record);
    // The only time the secret is shown.
    return c.json({ ...publicWebhook(record), secret }, 201);
  })
  .get("/:name", async (c) => {
    const tenant = await requireTenant(c);
    return c.json(publicWebhook(await requireWebhook(c, tenant)));
  })
  .delete("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const webhook = await requireWebhook(c, tenant);
    await c.get("store").deleteWebhook(tenant.name, webhook.name);
    return c.json({ name: webhook.name, deleted: true });
  })
  .get("/:name/deliveries", async (c) => {
    const tenant = await requireTenant(c);
    const webhook = await requireWebhook(c, tenant);
    const deliveries = await webhookEndpoint(c.env, tenant.name, webhook.name).list();
    return c.json({ object: "list", data: deliveries.filter((d) => isCurrent(d, tenant, webhook)) });
  })
  .post("/:name/deliveries/:deliveryId/redeliver", async (c) => {
    const tenant = await requireTenant(c);
    const webhook = await requireWebhook(c, tenant);
    const id = pathParam(c, "deliveryId", deliveryId);
    if (!webhook.enabled)
      throw new GatewayError({
        status: 409,
        type: "invalid_request_error",
        code: "webhook_disabled",
        publicMessage: `The webhook '${webhook.name}' is disabled: enable it (PUT with "enabled": true) before redelivering.`,
      });
    const endpoint = webhookEndpoint(c.env, tenant.name, webhook.name);
    const missing = notFound(`No delivery '${id}' of webhook '${webhook.name}'.`, "delivery_not_found");
    // Checked before anything is scheduled: a delivery of an earlier webhook of this name is not this one's.
    const known = await endpoint.get(id);
    if (!known || !isCurrent(known, tenant, webhook)) throw missing;
    const delivery = await endpoint.redeliver(id);
    if (!delivery) throw missing;
    return c.json(delivery, 202);
  });
