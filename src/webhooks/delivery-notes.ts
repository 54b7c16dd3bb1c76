import type { DeliveryStatus } from "./webhook-delivery.ts";

/** One webhook delivery attempt, as the request's record shows it (`webhookDeliveries`). */
export interface WebhookDeliveryNote {
  webhook: string;
  /** The delivery's `webhook-id`. */
  deliveryId: string;
  eventType: string;
  at: string;
  status: number | null;
  durationMs: number;
  error: string | null;
  /** The delivery's status after this attempt. */
  deliveryStatus: DeliveryStatus;
}

/** The named value holding a request's notes, in its RequestLog object. */
const NOTES_KEY = "webhooks";

/** Notes kept per request: a delivery retried on every step of the schedule, for a few webhooks. */
const MAX_NOTES = 100;

/**
 * Appends a note to the request's object: one row, rewritten per attempt. The object's own
 * retention alarm deletes it with the record; without a record (logging off) an alarm is set here.
 */
export async function appendDeliveryNote(storage: DurableObjectStorage, note: WebhookDeliveryNote, retentionMs: number): Promise<void> {
  const notes = JSON.parse((await storage.get<string>(NOTES_KEY)) ?? "[]") as WebhookDeliveryNote[];
  notes.push(note);
  await storage.put(NOTES_KEY, JSON.stringify(notes.slice(-MAX_NOTES)));
  if ((await storage.getAlarm()) === null) await storage.setAlarm(Date.now() + retentionMs);
}

/** The notes among a record's stored values (JSON text by name), oldest first. */
export function deliveryNotesOf(parts: Map<string, string>): WebhookDeliveryNote[] {
  const json = parts.get(NOTES_KEY);
  return json === undefined ? [] : (JSON.parse(json) as WebhookDeliveryNote[]);
}
