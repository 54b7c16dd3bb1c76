import { afterEach, describe, expect, it } from "vitest";
import { healthPolicy } from "../config/schemas.ts";
import { reportHealth } from "./health-report.ts";
import { forgetTenantHealth, resetIsolateHealth, tenantHealth } from "./health-view.ts";
import type { HealthOutcome, TargetHealth } from "./target-health.ts";

const policy = healthPolicy.parse({ failureThreshold: 2, failureRatio: 0.5, windowMs: 10_000, openMs: 5_000 });
const outcome = (at: number, ok: boolean): HealthOutcome => ({ provider: "p", model: "m", at, ok, firstEventMs: null, policy });

/** A tenant's ProviderHealth object whose snapshots the test answers by hand, and whose reports it notes. */
function healthObject() {
  const snapshots: Array<(rows: TargetHealth[]) => void> = [];
  const reports: HealthOutcome[][] = [];
  const stub = {
    snapshot: () => new Promise<TargetHealth[]>((resolve) => snapshots.push(resolve)),
    report: async (outcomes: HealthOutcome[]) => void reports.push(outcomes),
  };
  const env = { PROVIDER_HEALTH: { idFromName: (name: string) => name, get: () => stub } } as unknown as Env;
  return { env, snapshots, reports, answer: (i: number) => snapshots[i]?.([]) };
}

afterEach(() => resetIsolateHealth());

describe("an isolate's copy of a tenant's health", () => {
  it("is one copy for requests that ask at once on a cold isolate: they share its probe slots", async () => {
    const object = healthObject();
    const one = tenantHealth(object.env, "t", 1_000);
    const two = tenantHealth(object.env, "t", 1_001);
    await Promise.resolve();
    expect(object.snapshots).toHaveLength(2);
    object.answer(0);
    object.answer(1);
    expect(await one).toBe(await two);
  });

  it("is read again after a reset through this isolate, even when the reset came during a read", async () => {
    const object = healthObject();
    const during = tenantHealth(object.env, "t", 1_000);
    await Promise.resolve();
    forgetTenantHealth("t");
    object.answer(0);
    await during;
    const after = tenantHealth(object.env, "t", 1_001);
    await Promise.resolve();
    expect(object.snapshots).toHaveLength(2);
    object.answer(1);
    await after;
  });

  it("keeps an outcome seen while it was being read again", async () => {
    const object = healthObject();
    const first = tenantHealth(object.env, "t", 0);
    object.answer(0);
    await first;
    // Stale now: this request reads again, and an outcome arrives meanwhile.
    const refresh = tenantHealth(object.env, "t", 5_000);
    await Promise.resolve();
    const reported = reportHealth(object.env, "t", [outcome(5_001, false)]);
    object.answer(1);
    const view = await refresh;
    expect(view.targets.get("p/m")?.lastFailureAt).toBe(5_001);
    await reported;
  });
});

describe("health reports", () => {
  it("go in one call per batch; a request that joins a batch does not wait on another request's call", async () => {
    const object = healthObject();
    const opener = reportHealth(object.env, "t", [outcome(1, false)]);
    let joinerDone = false;
    await reportHealth(object.env, "t", [outcome(2, true)]).then(() => {
      joinerDone = true;
    });
    expect(joinerDone).toBe(true);
    expect(object.reports).toHaveLength(0);
    await opener;
    expect(object.reports).toHaveLength(1);
    expect(object.reports[0]?.map((o) => o.at)).toEqual([1, 2]);
  });
});
