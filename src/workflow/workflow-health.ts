import { type HealthPolicy, healthPolicy, type WorkflowRecord } from "../config/schemas.ts";

/** The breaker's documented defaults (README "Routing that learns"). */
export const DEFAULT_HEALTH: HealthPolicy = healthPolicy.parse({});

/**
 * The circuit breaker a workflow routes with. On by default, with `DEFAULT_HEALTH`, for every
 * workflow with more than one target, so an outage finds it on; `health: false` opts out. A
 * single target has nowhere else to go: its breaker is off unless the workflow sets one.
 */
export function workflowHealth(workflow: Pick<WorkflowRecord, "health" | "targets">): HealthPolicy | null {
  if (workflow.health === false) return null;
  if (workflow.health) return workflow.health;
  return workflow.targets.length > 1 ? DEFAULT_HEALTH : null;
}
