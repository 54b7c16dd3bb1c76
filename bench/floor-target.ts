import { fileURLToPath } from "node:url";
import { type RunningGateway, startGateway } from "../test/support/wrangler-dev.ts";
import type { Target } from "./client.ts";

/** The floor Worker (`floor-worker.ts`) under its own `wrangler dev`, passing requests on to `upstreamBaseUrl`. */
export function startFloor(upstreamBaseUrl: string, adminToken: string): Promise<RunningGateway> {
  const config = fileURLToPath(new URL("wrangler.floor.jsonc", import.meta.url));
  return startGateway({ adminToken, extraArgs: ["--config", config, "--var", `UPSTREAM:${upstreamBaseUrl}`] });
}

/**
 * The floor's two targets on a running floor Worker (`floor-worker.ts`): the native pipe, and the
 * body read in JavaScript (`x-bench-floor: js-read`), the floor for any Worker that sees events.
 */
export function floorTargets(floorUrl: string): { native: Target; jsRead: Target } {
  const native: Target = { name: "floor", baseUrl: `${floorUrl}/v1`, headers: { authorization: "Bearer sk-upstream" }, model: (s) => s };
  return {
    native,
    jsRead: { ...native, name: "floor, body read in JavaScript", headers: { ...native.headers, "x-bench-floor": "js-read" } },
  };
}
