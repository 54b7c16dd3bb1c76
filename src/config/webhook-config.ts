import { z } from "zod";

/** The terminal statuses of a background response a webhook can subscribe to (OpenAI's event names). */
export const RESPONSE_WEBHOOK_TYPES = ["response.completed", "response.failed", "response.cancelled", "response.incomplete"] as const;
export type ResponseWebhookType = (typeof RESPONSE_WEBHOOK_TYPES)[number];

/** Longest webhook URL accepted (well below what any receiver or proxy takes). */
export const WEBHOOK_URL_MAX_CHARS = 2_048;

/**
 * A webhook as the admin API takes it. The URL's grammar is checked here; whether it may be
 * called at all (the SSRF rule, which depends on the environment) in `webhook-url.ts`.
 */
export const webhookInput = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(WEBHOOK_URL_MAX_CHARS),
  events: z
    .array(z.enum(RESPONSE_WEBHOOK_TYPES))
    .min(1)
    .max(RESPONSE_WEBHOOK_TYPES.length)
    .refine((events) => new Set(events).size === events.length, "an event type is named twice"),
  enabled: z.boolean().default(true),
});
export type WebhookInput = z.infer<typeof webhookInput>;

/**
 * A stored webhook. Its signing secret is kept only sealed (AES-GCM, `SECRETS_KEY`), shown once
 * when the webhook is created and never again.
 */
export type WebhookRecord = WebhookInput & {
  name: string;
  secretSealed: string;
  createdAt: string;
  updatedAt: string;
  /** Why the gateway disabled it (a `410 Gone` from the receiver), when it did. */
  disabledReason?: string;
};

/** A webhook as the admin API shows it: everything but the secret. */
export function publicWebhook({ secretSealed: _sealed, ...shown }: WebhookRecord) {
  return shown;
}
