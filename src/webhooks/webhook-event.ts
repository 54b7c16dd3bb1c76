import type { ResponseWebhookType } from "../config/webhook-config.ts";
import { sha256Hex } from "../secrets/crypto.ts";

/**
 * The event id, which is also every attempt's `webhook-id`: derived from (requestId, type), so an
 * announcement repeated by an at-least-once caller names the same event and adds no delivery.
 */
export async function webhookEventId(requestId: string, type: ResponseWebhookType): Promise<string> {
  return `evt_${(await sha256Hex(`${requestId}\n${type}`)).slice(0, 32)}`;
}

/**
 * OpenAI's thin event: what happened and to which response; the receiver fetches the response
 * itself (`GET /v1/responses/{id}`). Serialized once: every attempt sends these exact bytes.
 */
export function webhookEventBody(id: string, type: ResponseWebhookType, responseId: string, createdAtMs: number): string {
  return JSON.stringify({ id, object: "event", type, created_at: Math.floor(createdAtMs / 1000), data: { id: responseId } });
}
