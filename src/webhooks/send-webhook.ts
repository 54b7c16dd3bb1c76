import { WEBHOOK_ERROR_MAX_CHARS, WEBHOOK_TIMEOUT_MS } from "../platform-limits.ts";
import type { AttemptOutcome } from "./webhook-delivery.ts";
import { signWebhook } from "./webhook-secret.ts";

/** One delivery's fixed parts: the same id and body bytes on every attempt. */
export interface WebhookMessage {
  id: string;
  body: string;
}

const cut = (text: string) => (text.length > WEBHOOK_ERROR_MAX_CHARS ? `${text.slice(0, WEBHOOK_ERROR_MAX_CHARS)}…` : text);

/** The request of one attempt, headers exactly per Standard Webhooks; `webhook-timestamp` is this attempt's. */
export async function webhookRequest(url: string, secret: string, message: WebhookMessage, nowMs: number): Promise<Request> {
  const timestamp = Math.floor(nowMs / 1000);
  return new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": message.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signWebhook(secret, message.id, timestamp, message.body),
    },
    body: message.body,
    // A redirect could lead anywhere, past the URL rule: a 3xx is a failed attempt.
    redirect: "manual",
  });
}

/**
 * Sends one attempt and says how it went: 2xx delivered, 410 gone, anything else (another
 * status, a network error, no answer within 15 s) failed. The receiver's body is not read.
 */
export async function sendWebhook(
  url: string,
  secret: string,
  message: WebhookMessage,
  fetcher: (request: Request) => Promise<Response> = (request) => fetch(request),
): Promise<AttemptOutcome & { durationMs: number }> {
  const started = Date.now();
  const request = await webhookRequest(url, secret, message, started);
  const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  try {
    const response = await fetcher(new Request(request, { signal: timeout }));
    await response.body?.cancel().catch(() => {});
    const durationMs = Date.now() - started;
    if (response.status >= 200 && response.status < 300) return { kind: "delivered", status: response.status, durationMs };
    if (response.status === 410) return { kind: "gone", status: 410, durationMs };
    return { kind: "failed", status: response.status, error: `HTTP ${response.status}`, durationMs };
  } catch (error) {
    const durationMs = Date.now() - started;
    const reason = timeout.aborted
      ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
      : cut(error instanceof Error ? error.message : String(error));
    return { kind: "failed", status: null, error: reason, durationMs };
  }
}
