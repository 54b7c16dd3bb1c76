import { retryDelayAfter } from "./retry-schedule.ts";
import type { AttemptOutcome, DeliveryDecision } from "./webhook-delivery.ts";

/**
 * What follows an attempt: delivered on 2xx; on a failure, the next attempt of the schedule, or
 * `dead` once it is used up; `410 Gone` ends the delivery and disables the webhook. A manual
 * redelivery of an ended delivery is one attempt, never retried.
 */
export function decideAfterAttempt(
  outcome: AttemptOutcome,
  delivery: { failedAttempts: number; manual: boolean },
  delays: number[],
  nowMs: number,
  random: number,
): DeliveryDecision {
  const ended = (status: DeliveryDecision["status"], disableWebhook = false): DeliveryDecision => ({
    status,
    nextAttemptAtMs: null,
    disableWebhook,
  });
  switch (outcome.kind) {
    case "delivered":
      return ended("delivered");
    case "gone":
      return ended("failed", true);
    case "refused":
      return ended("failed");
    case "failed": {
      if (delivery.manual) return ended("failed");
      const delay = retryDelayAfter(delivery.failedAttempts, delays, random);
      return delay === null ? ended("dead") : { status: "pending", nextAttemptAtMs: nowMs + delay, disableWebhook: false };
    }
  }
}
