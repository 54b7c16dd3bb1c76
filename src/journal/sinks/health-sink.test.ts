import { describe, expect, it } from "vitest";
import { healthPolicy } from "../../config/schemas.ts";
import { healthSink } from "./health-sink.ts";
import { FAILED_ATTEMPT, finishedRequest, type NotedCall, notingEnv } from "./sink-fixtures.ts";

const failed = FAILED_ATTEMPT;

describe("the health sink", () => {
  it("reports a breaker workflow's upstream failures to the tenant's health object", async () => {
    const calls: NotedCall[] = [];
    const tenant = `t-${crypto.randomUUID()}`;
    const request = finishedRequest(notingEnv(calls), { tenant, healthPolicy: healthPolicy.parse({}), attempts: [failed] });
    await healthSink.observe(request);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.slice(0, 3)).toEqual(["PROVIDER_HEALTH", tenant, "report"]);
    expect(calls[0]?.[3]).toMatchObject([{ provider: "p", model: "m", ok: false }]);
  });

  it("reports nothing for a workflow without a breaker", () => {
    expect(healthSink.observe(finishedRequest(notingEnv([]), { attempts: [failed] }))).toBeNull();
  });
});
