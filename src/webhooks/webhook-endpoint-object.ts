import { DurableObject } from "cloudflare:workers";
import { ConfigStore } from "../config/config-store.ts";
import { retentionMs } from "../config/retention.ts";
import type { WebhookRecord } from "../config/webhook-config.ts";
import {
  WEBHOOK_ATTEMPTS_PER_ALARM,
  WEBHOOK_DELIVERIES_LISTED,
  WEBHOOK_PARALLEL_ATTEMPTS,
  WEBHOOK_TIMEOUT_MS,
} from "../platform-limits.ts";
import { openSecret } from "../secrets/secret-box.ts";
import { decideAfterAttempt } from "./delivery-decision.ts";
import type { WebhookDeliveryNote } from "./delivery-notes.ts";
import {
  DELIVERY_SCHEMA,
  type DeliveryInit,
  type DeliveryRow,
  deliveryRow,
  dueDeliveryRows,
  expireDeliveryRows,
  insertDelivery,
  leaseDeliveryRows,
  listDeliveryRows,
  nextWake,
  recordAttempt,
  scheduleRedelivery,
  toDelivery,
} from "./delivery-rows.ts";
import { retryDelays } from "./retry-schedule.ts";
import { sendWebhook } from "./send-webhook.ts";
import type { AttemptOutcome, DeliveryAttempt, WebhookDelivery } from "./webhook-delivery.ts";
import { allowsLoopback, webhookUrlProblem } from "./webhook-url.ts";

/** How a due batch is sent: to the webhook with its secret, or refused with a reason. */
type Target = { url: string; secret: string; createdAtMs: number } | { refused: string };

/**
 * One webhook's deliveries (docs/storage.md): stored when a response is announced, attempted by
 * the object's alarm, retried on the schedule, kept (dead letters too) until retention deletes
 * them. One object per (tenant, webhook), so a slow receiver only delays its own deliveries.
 */
export class WebhookEndpoint extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(DELIVERY_SCHEMA);
  }

  /** Stores a delivery and wakes the object to attempt it; false when the event was already stored. */
  async enqueue(init: DeliveryInit): Promise<boolean> {
    const now = Date.now();
    const stored = insertDelivery(this.ctx.storage.sql, init, now);
    if (stored) await this.wakeBy(now);
    return stored;
  }

  /** The newest deliveries first. */
  async list(): Promise<WebhookDelivery[]> {
    return listDeliveryRows(this.ctx.storage.sql, WEBHOOK_DELIVERIES_LISTED).map(toDelivery);
  }

  /** One delivery, or null. */
  async get(id: string): Promise<WebhookDelivery | null> {
    const row = deliveryRow(this.ctx.storage.sql, id);
    return row ? toDelivery(row) : null;
  }

  /** A new attempt of a delivery now (same `webhook-id` and body); null when there is no such delivery. */
  async redeliver(id: string): Promise<WebhookDelivery | null> {
    const sql = this.ctx.storage.sql;
    const row = deliveryRow(sql, id);
    if (!row) return null;
    const now = Date.now();
    scheduleRedelivery(sql, row, now);
    await this.wakeBy(now);
    return toDelivery(deliveryRow(sql, id) as DeliveryRow);
  }

  /** Expires old deliveries, attempts the due ones, then sleeps until the next is due. */
  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    expireDeliveryRows(sql, now - retentionMs(this.env));
    const due = dueDeliveryRows(sql, now, WEBHOOK_ATTEMPTS_PER_ALARM);
    if (due.length > 0) {
      leaseDeliveryRows(
        sql,
        due.map((row) => row.id),
        now + 2 * WEBHOOK_TIMEOUT_MS,
      );
      const target = await this.target(due[0] as DeliveryRow);
      for (let i = 0; i < due.length; i += WEBHOOK_PARALLEL_ATTEMPTS)
        await Promise.all(due.slice(i, i + WEBHOOK_PARALLEL_ATTEMPTS).map((row) => this.attempt(row, target)));
    }
    const wake = nextWake(sql, retentionMs(this.env));
    if (wake === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(wake);
  }

  /** The webhook as it is now: a deleted, disabled or no longer acceptable one gets no attempts. */
  private async target(row: DeliveryRow): Promise<Target> {
    const webhook = await new ConfigStore(this.env.CONFIG).getWebhook(row.tenant, row.webhook);
    if (!webhook) return { refused: "the webhook was deleted" };
    if (!webhook.enabled) return { refused: "the webhook is disabled" };
    const problem = webhookUrlProblem(webhook.url, allowsLoopback(this.env));
    if (problem) return { refused: `url ${problem}` };
    return {
      url: webhook.url,
      secret: await openSecret(webhook.secretSealed, this.env.SECRETS_KEY),
      createdAtMs: Date.parse(webhook.createdAt),
    };
  }

  /** One attempt of one delivery, recorded in the delivery and noted in the request's record. */
  private async attempt(row: DeliveryRow, current: Target): Promise<void> {
    const at = new Date().toISOString();
    // A webhook deleted and created again under the same name (maybe by someone else) never receives the old one's events.
    const target: Target =
      "url" in current && row.created_at < current.createdAtMs ? { refused: "the webhook was created again after this delivery" } : current;
    const outcome: AttemptOutcome & { durationMs: number } =
      "refused" in target
        ? { kind: "refused", error: target.refused, durationMs: 0 }
        : await sendWebhook(target.url, target.secret, { id: row.id, body: row.body });
    const attempt: DeliveryAttempt = {
      at,
      status: "status" in outcome ? outcome.status : null,
      durationMs: outcome.durationMs,
      error: "error" in outcome ? outcome.error : null,
    };
    const attempts = [...(JSON.parse(row.attempts) as DeliveryAttempt[]), attempt];
    const decision = decideAfterAttempt(
      outcome,
      { failedAttempts: attempts.length, manual: row.manual === 1 },
      retryDelays(this.env),
      Date.now(),
      Math.random(),
    );
    recordAttempt(this.ctx.storage.sql, row.id, attempts, decision);
    if (decision.disableWebhook) await this.disable(row.tenant, row.webhook, "the receiver answered 410 Gone");
    await this.note(row, {
      ...attempt,
      webhook: row.webhook,
      deliveryId: row.id,
      eventType: row.event_type,
      deliveryStatus: decision.status,
    });
  }

  /** `410 Gone`: the receiver wants no more calls; the webhook stays, disabled, with the reason. */
  private async disable(tenant: string, name: string, reason: string): Promise<void> {
    const store = new ConfigStore(this.env.CONFIG);
    const webhook = await store.getWebhook(tenant, name);
    if (!webhook?.enabled) return;
    const disabled: WebhookRecord = { ...webhook, enabled: false, disabledReason: reason, updatedAt: new Date().toISOString() };
    await store.putWebhook(tenant, disabled);
  }

  /** The request's record shows its webhook attempts; a note that cannot be written does not undo the attempt. */
  private async note(row: DeliveryRow, note: WebhookDeliveryNote): Promise<void> {
    const logs = this.env.REQUEST_LOG;
    try {
      await logs.get(logs.idFromName(row.request_id)).noteWebhookDelivery(note);
    } catch (error) {
      console.error(`webhook ${row.tenant}/${row.webhook}: could not note attempt in ${row.request_id}:`, error);
    }
  }

  /** Makes sure the alarm fires by `atMs` (an earlier one stays). */
  private async wakeBy(atMs: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > atMs) await this.ctx.storage.setAlarm(atMs);
  }
}
