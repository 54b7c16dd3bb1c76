import { healthOutcomes } from "../../health/health-outcomes.ts";
import { reportHealth } from "../../health/health-report.ts";
import type { SettleSink } from "./settle-sink.ts";

/**
 * A breaker workflow's targets' outcomes, to the tenant's health. Settle calls it at once, before
 * the response is flushed: this isolate's next request already routes on these outcomes, and the
 * report to the tenant's object is batched on a timer (`reportHealth`).
 */
export const healthSink: SettleSink = {
  name: "health",
  atOnce: true,
  observe: ({ env, state }) =>
    state.healthPolicy && state.tenant ? reportHealth(env, state.tenant, healthOutcomes(state, state.healthPolicy, Date.now())) : null,
};
