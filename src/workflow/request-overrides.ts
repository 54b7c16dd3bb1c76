import type { KeyRecord, Target } from "../config/schemas.ts";
import { timeoutPolicy } from "../config/schemas.ts";
import { forbidden, invalidRequest } from "../http/gateway-error.ts";
import { OVERRIDE_HEADER } from "../http/headers.ts";
import type { ResolvedRoute } from "./resolve-route.ts";

/** Bounds of a per-request timeout: the workflow schema's own for `totalMs`. */
const TOTAL_MS = timeoutPolicy.shape.totalMs.unwrap();

function parseTargets(value: string, route: ResolvedRoute): Target[] {
  const named = value.split(",").map((part) => part.trim());
  const allowed = new Map(route.targets.map((t) => [`${t.provider}/${t.model}`, t]));
  const targets = named.map((name) => allowed.get(name));
  const unknown = named.find((name) => !allowed.has(name));
  if (unknown !== undefined || new Set(named).size !== named.length || targets.length === 0)
    throw invalidRequest(
      `${OVERRIDE_HEADER.targets} must name distinct targets of '${route.name}' as provider/model, comma-separated${unknown !== undefined ? `; '${unknown}' is not one` : ""}.`,
      OVERRIDE_HEADER.targets,
      "invalid_value",
    );
  return targets as Target[];
}

function parseTimeoutMs(value: string): number {
  const parsed = TOTAL_MS.safeParse(/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
  if (!parsed.success)
    throw invalidRequest(
      `${OVERRIDE_HEADER.timeoutMs} must be a whole number of milliseconds from ${TOTAL_MS.minValue} to ${TOTAL_MS.maxValue}.`,
      OVERRIDE_HEADER.timeoutMs,
      "invalid_value",
    );
  return parsed.data;
}

/**
 * The route as one request may narrow it: `x-gateway-targets` picks a subset of the workflow's
 * targets in the client's order (weights then no longer apply), `x-gateway-timeout-ms` replaces
 * `totalMs`. Only keys the admin marked `allowOverrides` may send them (403 otherwise); a value
 * that names anything outside the workflow is a 400 naming the header.
 */
export function applyRequestOverrides(route: ResolvedRoute, key: KeyRecord, header: (name: string) => string | undefined): ResolvedRoute {
  const targets = header(OVERRIDE_HEADER.targets);
  const timeoutMs = header(OVERRIDE_HEADER.timeoutMs);
  if (targets === undefined && timeoutMs === undefined) return route;
  if (!key.allowOverrides)
    throw forbidden(
      `This key may not override routing (${OVERRIDE_HEADER.targets}, ${OVERRIDE_HEADER.timeoutMs}).`,
      "overrides_not_allowed",
    );
  return {
    ...route,
    ...(targets === undefined ? {} : { targets: parseTargets(targets, route), weights: null }),
    ...(timeoutMs === undefined ? {} : { timeouts: { ...route.timeouts, totalMs: parseTimeoutMs(timeoutMs) } }),
  };
}
