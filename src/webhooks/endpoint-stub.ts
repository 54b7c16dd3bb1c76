/**
 * The WebhookEndpoint object of one webhook: `{tenant}:{webhook}`, like a key's usage object
 * (names never hold `:`), so one receiver's deliveries and retries live together.
 */
export function webhookEndpoint(env: Pick<Env, "WEBHOOK_ENDPOINT">, tenant: string, webhook: string) {
  return env.WEBHOOK_ENDPOINT.get(env.WEBHOOK_ENDPOINT.idFromName(`${tenant}:${webhook}`));
}
