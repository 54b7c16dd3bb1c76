import type { ResponseWebhookType } from "../config/webhook-config.ts";

/**
 * - `pending`: an attempt is due at `nextAttemptAt` (the first, or a retry);
 * - `delivered`: the receiver answered 2xx;
 * - `failed`: ended without success and not retried: the receiver answered `410 Gone`, the
 *   webhook was disabled or deleted, its URL was refused, or a manual redelivery failed;
 * - `dead`: every attempt of the retry schedule failed (kept as a dead letter, redeliverable).
 */
export type DeliveryStatus = "pending" | "delivered" | "failed" | "dead";

/** One HTTP attempt: the receiver's status (null when none came: network error, timeout, refused). */
export interface DeliveryAttempt {
  at: string;
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** A delivery as the admin API lists it. `id` is its `webhook-id`, the event id. */
export interface WebhookDelivery {
  id: string;
  eventType: ResponseWebhookType;
  responseId: string;
  requestId: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
}

/** How one attempt went, as the delivery decision needs it. */
export type AttemptOutcome =
  | { kind: "delivered"; status: number }
  /** The receiver asked never to be called again. */
  | { kind: "gone"; status: 410 }
  /** Non-2xx, network error or timeout: worth another try. */
  | { kind: "failed"; status: number | null; error: string }
  /** Not sent at all: the webhook is disabled or deleted, or its URL is refused. */
  | { kind: "refused"; error: string };

/** What follows an attempt. */
export interface DeliveryDecision {
  status: DeliveryStatus;
  nextAttemptAtMs: number | null;
  /** The receiver answered 410: the webhook is disabled in config. */
  disableWebhook: boolean;
}
