import type { Target } from "./client.ts";

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
