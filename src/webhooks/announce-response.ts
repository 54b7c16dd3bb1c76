import { ConfigStore } from "../config/config-store.ts";
import type { ResponseWebhookType } from "../config/webhook-config.ts";
import { webhookEndpoint } from "./endpoint-stub.ts";
import { webhookEventBody, webhookEventId } from "./webhook-event.ts";

export type { ResponseWebhookType } from "../config/webhook-config.ts";

/** A background response reached a terminal status. */
export interface ResponseWebhookEvent {
  tenant: string;
  type: ResponseWebhookType;
  responseId: string;
  requestId: string;
}

/**
 * Enqueues one delivery per enabled webhook of the tenant subscribed to the type; idempotent per
 * (requestId, type), since the event id is derived from them and each endpoint stores an event
 * once — the caller is at-least-once. Resolves once every delivery is stored; the attempts
 * themselves run in each webhook's WebhookEndpoint object (its alarm), not here.
 */
export async function announceResponseEvent(env: Env, event: ResponseWebhookEvent): Promise<void> {
  const webhooks = (await new ConfigStore(env.CONFIG).listWebhooks(event.tenant)).filter((w) => w.enabled && w.events.includes(event.type));
  if (webhooks.length === 0) return;
  const id = await webhookEventId(event.requestId, event.type);
  const body = webhookEventBody(id, event.type, event.responseId, Date.now());
  await Promise.all(
    webhooks.map((webhook) =>
      webhookEndpoint(env, event.tenant, webhook.name).enqueue({
        tenant: event.tenant,
        webhook: webhook.name,
        id,
        eventType: event.type,
        responseId: event.responseId,
        requestId: event.requestId,
        body,
      }),
    ),
  );
}
