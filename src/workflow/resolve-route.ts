import type { ConfigStore } from "../config/config-store.ts";
import {
  type ContractPolicy,
  contractPolicy,
  type HealthPolicy,
  type HedgePolicy,
  type KeyRecord,
  type RetryPolicy,
  resourceName,
  retryPolicy,
  type Target,
  type TimeoutPolicy,
  target,
  timeoutPolicy,
  type WorkflowRecord,
} from "../config/schemas.ts";
import { forbidden, modelNotFound } from "../http/gateway-error.ts";
import { workflowHealth } from "./workflow-health.ts";

/** A `model` resolved to what the attempt loop needs. */
export interface ResolvedRoute {
  /** The workflow name, or `<provider>/<model>` for a direct route. */
  name: string;
  targets: Target[];
  retry: RetryPolicy;
  timeouts: TimeoutPolicy;
  cache: WorkflowRecord["cache"];
  logContent: WorkflowRecord["logContent"];
  responseSchema: WorkflowRecord["responseSchema"];
  contract: ContractPolicy;
  /** The workflow's circuit breaker, or null when it has none. */
  health: HealthPolicy | null;
  /** Race the next target when the first attempt is slow to its first content event; null: never. */
  hedge: HedgePolicy | null;
  /** Per target, its weight for the first attempt; null when the workflow gives none (docs/semantics.md "Routing that learns"). */
  weights: number[] | null;
  /** Chat completion streams are run by the request's object and can be resumed (README "Durable requests"). */
  resumable: boolean;
  /** A hosted Responses tool in a translated request: left out or refused (docs/responses-fields.md). */
  hostedTools: "drop" | "refuse";
}

/** What a route without options gets: a direct route's, and a test's starting point. */
export const DIRECT_ROUTE_DEFAULTS = {
  retry: retryPolicy.parse({}),
  timeouts: timeoutPolicy.parse({}),
  cache: null,
  logContent: "full" as const,
  hostedTools: "drop" as const,
  responseSchema: undefined,
  contract: contractPolicy.parse({}),
  health: null,
  hedge: null,
  weights: null,
  resumable: false,
};

/** `<provider>/<model>` split at the first slash (model names may contain more). */
export function splitDirectRoute(model: string): Target | null {
  const slash = model.indexOf("/");
  if (slash <= 0 || slash === model.length - 1) return null;
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) };
}

/** May this key use this workflow or direct route? Restricted keys name their workflows. */
export function keyAllows(key: KeyRecord, model: string): boolean {
  return key.workflows === undefined || key.workflows.includes(model);
}

/**
 * Resolves `model` for a key: a workflow name, or a direct `<provider>/<model>` route to one
 * of the tenant's providers. 403 when the key may not use it, 404 when it names nothing.
 */
export async function resolveRoute(store: ConfigStore, key: KeyRecord, model: string): Promise<ResolvedRoute> {
  if (!keyAllows(key, model)) throw forbidden(`This key may not use the model '${model}'.`, "model_not_allowed");
  const direct = splitDirectRoute(model);
  // A name the admin API could never have stored names nothing: 404 without a lookup (and
  // without handing KV a key it would refuse, e.g. one over its 512-byte limit).
  if (!(direct ? target.safeParse(direct).success : resourceName.safeParse(model).success)) throw modelNotFound(model);
  if (direct) {
    const provider = await store.getProvider(key.tenant, direct.provider);
    if (!provider) throw modelNotFound(model);
    return { name: model, targets: [direct], ...DIRECT_ROUTE_DEFAULTS };
  }
  const workflow = await store.getWorkflow(key.tenant, model);
  if (!workflow) throw modelNotFound(model);
  return {
    name: workflow.name,
    // Weights steer the first choice only: records and headers name targets as {provider, model}.
    targets: workflow.targets.map(({ provider, model }) => ({ provider, model })),
    weights: workflow.targets.some((t) => t.weight !== undefined) ? workflow.targets.map((t) => t.weight ?? 0) : null,
    health: workflowHealth(workflow),
    hedge: workflow.hedge ?? null,
    retry: workflow.retry,
    timeouts: workflow.timeouts,
    cache: workflow.cache,
    logContent: workflow.logContent,
    resumable: workflow.resumable === true,
    hostedTools: workflow.hostedTools ?? "drop",
    responseSchema: workflow.responseSchema,
    // Workflows stored before contracts existed have no policy: the defaults apply.
    contract: workflow.contract ?? DIRECT_ROUTE_DEFAULTS.contract,
  };
}
