import type { Check, DrillMode } from "./check.ts";

/**
 * Why a check cannot run in this mode, or null when it can. A check never passes by being
 * skipped: the report lists every skip with its reason.
 */
export function skipReason(check: Check, mode: DrillMode, hasLog: boolean, workflow: string | undefined): string | null {
  if (mode === "openai-compatible" && check.needs !== "endpoint")
    return "needs the gateway's fault injection (not run against a plain endpoint)";
  if (check.needs === "log" && !hasLog) return "needs the request log: pass --admin-token";
  if (workflow === undefined) return `no workflow named for it in --config ("workflows": {"${check.id}": …})`;
  return null;
}
