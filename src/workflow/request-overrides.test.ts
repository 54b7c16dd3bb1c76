import { describe, expect, it } from "vitest";
import { contractPolicy, type KeyRecord, retryPolicy, timeoutPolicy } from "../config/schemas.ts";
import { GatewayError } from "../http/gateway-error.ts";
import { applyRequestOverrides } from "./request-overrides.ts";
import type { ResolvedRoute } from "./resolve-route.ts";

const route: ResolvedRoute = {
  name: "w",
  targets: [
    { provider: "a", model: "x" },
    { provider: "b", model: "org/y" },
    { provider: "c", model: "z" },
  ],
  retry: retryPolicy.parse({}),
  timeouts: timeoutPolicy.parse({}),
  cache: null,
  logContent: "full",
  responseSchema: undefined,
  contract: contractPolicy.parse({}),
  health: null,
  hedge: null,
  weights: [1, 1, 0],
  resumable: false,
  hostedTools: "drop",
};
const key = (allowOverrides?: boolean) =>
  ({ id: "k", tenant: "t", name: "k", role: "inference", hash: "", createdAt: "", allowOverrides }) as KeyRecord;
const headers = (h: Record<string, string>) => (name: string) => h[name];
const status = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof GatewayError ? [error.status, error.param] : error;
  }
  return null;
};

describe("per-request overrides", () => {
  it("no override headers: the route as resolved, whatever the key", () => {
    expect(applyRequestOverrides(route, key(false), headers({}))).toBe(route);
  });

  it("x-gateway-targets: a subset of the workflow's targets in the client's order; weights no longer apply", () => {
    const narrowed = applyRequestOverrides(route, key(true), headers({ "x-gateway-targets": "b/org/y, a/x" }));
    expect(narrowed.targets).toEqual([route.targets[1], route.targets[0]]);
    expect(narrowed.weights).toBeNull();
  });

  it("x-gateway-timeout-ms replaces totalMs", () => {
    expect(applyRequestOverrides(route, key(true), headers({ "x-gateway-timeout-ms": "1500" })).timeouts.totalMs).toBe(1_500);
  });

  it("refused: a key without allowOverrides (403), a target outside the workflow or a bad timeout (400 naming the header)", () => {
    expect(status(() => applyRequestOverrides(route, key(), headers({ "x-gateway-timeout-ms": "1500" })))).toEqual([403, null]);
    expect(status(() => applyRequestOverrides(route, key(true), headers({ "x-gateway-targets": "a/x,d/q" })))).toEqual([
      400,
      "x-gateway-targets",
    ]);
    expect(status(() => applyRequestOverrides(route, key(true), headers({ "x-gateway-targets": "a/x,a/x" })))).toEqual([
      400,
      "x-gateway-targets",
    ]);
    expect(status(() => applyRequestOverrides(route, key(true), headers({ "x-gateway-timeout-ms": "5s" })))).toEqual([
      400,
      "x-gateway-timeout-ms",
    ]);
    expect(status(() => applyRequestOverrides(route, key(true), headers({ "x-gateway-timeout-ms": "10" })))).toEqual([
      400,
      "x-gateway-timeout-ms",
    ]);
  });
});
