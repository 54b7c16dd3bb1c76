import type { Check } from "../check.ts";
import { clientAbort } from "./abort.ts";
import { errorAfterOutput, idleTimeout, keepalive } from "./after-output.ts";
import { cacheReplay } from "./cache.ts";
import { allTargetsFail, errorEventBeforeOutput, failoverBeforeOutput } from "./failover.ts";
import { firstEvent, noBuffering, streamHeaders } from "./streaming.ts";
import { usageAndCost } from "./usage.ts";

/** Every check, in the order the drill runs them (the order of CHECK_IDS). */
export const CHECKS: Check[] = [
  streamHeaders,
  noBuffering,
  firstEvent,
  failoverBeforeOutput,
  errorEventBeforeOutput,
  errorAfterOutput,
  idleTimeout,
  keepalive,
  clientAbort,
  allTargetsFail,
  usageAndCost,
  cacheReplay,
];
