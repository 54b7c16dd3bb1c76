import type { ResponseWebhookType } from "../config/webhook-config.ts";
import type { DeliveryAttempt, DeliveryDecision, DeliveryStatus, WebhookDelivery } from "./webhook-delivery.ts";

/**
 * A WebhookEndpoint's deliveries: one row each, rewritten per attempt (its attempts as a JSON
 * array), so a delivery costs one row written per attempt whatever its history. The partial
 * index holds only pending rows: finding what is due reads a handful, not the whole month.
 */
export const DELIVERY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS delivery (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    webhook TEXT NOT NULL,
    event_type TEXT NOT NULL,
    response_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts TEXT NOT NULL,
    next_attempt_at INTEGER,
    manual INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS delivery_due ON delivery (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
`;

export interface DeliveryRow extends Record<string, SqlStorageValue> {
  id: string;
  tenant: string;
  webhook: string;
  event_type: string;
  response_id: string;
  request_id: string;
  body: string;
  status: string;
  attempts: string;
  next_attempt_at: number | null;
  manual: number;
  created_at: number;
}

/** What an announcement stores: the event, and the webhook it goes to. */
export interface DeliveryInit {
  tenant: string;
  webhook: string;
  id: string;
  eventType: ResponseWebhookType;
  responseId: string;
  requestId: string;
  body: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventType: row.event_type as ResponseWebhookType,
    responseId: row.response_id,
    requestId: row.request_id,
    status: row.status as DeliveryStatus,
    attempts: JSON.parse(row.attempts) as DeliveryAttempt[],
    nextAttemptAt: iso(row.next_attempt_at),
    createdAt: iso(row.created_at) as string,
  };
}

/** Stores a new delivery, due now; false when this event was already stored (a repeated announcement). */
export function insertDelivery(sql: SqlStorage, init: DeliveryInit, nowMs: number): boolean {
  return (
    sql.exec(
      `INSERT INTO delivery (id, tenant, webhook, event_type, response_id, request_id, body, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', '[]', ?, ?) ON CONFLICT (id) DO NOTHING`,
      init.id,
      init.tenant,
      init.webhook,
      init.eventType,
      init.responseId,
      init.requestId,
      init.body,
      nowMs,
      nowMs,
    ).rowsWritten > 0
  );
}

export function deliveryRow(sql: SqlStorage, id: string): DeliveryRow | undefined {
  return sql.exec<DeliveryRow>("SELECT * FROM delivery WHERE id = ?", id).toArray()[0];
}

/** Newest first (rows are inserted in creation order: the rowid order is it, with no index to keep). */
export function listDeliveryRows(sql: SqlStorage, limit: number): DeliveryRow[] {
  return sql.exec<DeliveryRow>("SELECT * FROM delivery ORDER BY rowid DESC LIMIT ?", limit).toArray();
}

export function dueDeliveryRows(sql: SqlStorage, nowMs: number, limit: number): DeliveryRow[] {
  return sql
    .exec<DeliveryRow>(
      "SELECT * FROM delivery WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
      nowMs,
      limit,
    )
    .toArray();
}

/**
 * Leases due rows while their attempts run: due again at `untilMs` only if the alarm died before
 * recording them (alarms are at-least-once), never twice meanwhile.
 */
export function leaseDeliveryRows(sql: SqlStorage, ids: string[], untilMs: number): void {
  for (const id of ids) sql.exec("UPDATE delivery SET next_attempt_at = ? WHERE id = ?", untilMs, id);
}

export function recordAttempt(sql: SqlStorage, id: string, attempts: DeliveryAttempt[], decision: DeliveryDecision): void {
  sql.exec(
    "UPDATE delivery SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?",
    decision.status,
    JSON.stringify(attempts),
    decision.nextAttemptAtMs,
    id,
  );
}

/** A new attempt now: a pending delivery's next attempt comes forward; an ended one gets one manual attempt. */
export function scheduleRedelivery(sql: SqlStorage, row: DeliveryRow, nowMs: number): void {
  const manual = row.status === "pending" ? row.manual : 1;
  sql.exec("UPDATE delivery SET status = 'pending', next_attempt_at = ?, manual = ? WHERE id = ?", nowMs, manual, row.id);
}

/** Deletes deliveries created before `beforeMs`. */
export function expireDeliveryRows(sql: SqlStorage, beforeMs: number): void {
  sql.exec("DELETE FROM delivery WHERE created_at < ?", beforeMs);
}

/** When the object must wake next: the earliest due attempt, else the oldest delivery's expiry, else never. */
export function nextWake(sql: SqlStorage, retentionMs: number): number | null {
  const due = sql.exec<{ at: number | null }>("SELECT min(next_attempt_at) AS at FROM delivery WHERE next_attempt_at IS NOT NULL").one().at;
  if (due !== null) return due;
  const oldest = sql.exec<{ at: number | null }>("SELECT min(created_at) AS at FROM delivery").one().at;
  return oldest === null ? null : oldest + retentionMs;
}
