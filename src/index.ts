import { app } from "./app.ts";

export { IdempotencyKeys } from "./durable/idempotency-object.ts";
export { ProviderHealth } from "./health/provider-health-object.ts";
export { LogIndex } from "./logs/log-index-object.ts";
export { KeyUsage } from "./quotas/key-usage-object.ts";
export { RequestLog } from "./request-log-object.ts";
export { WebhookEndpoint } from "./webhooks/webhook-endpoint-object.ts";

/** The gateway Worker. */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
