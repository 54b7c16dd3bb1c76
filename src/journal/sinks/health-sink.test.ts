import { describe, expect, it } from "vitest";
import type { AttemptRecord } from "../../attempts/attempt-record.ts";
import { healthPolicy } from "../../config/schemas.ts";
import { healthSink } from "./health-sink.ts";
import { finishedRequest, type NotedCall, notingEnv } from "./sink-fixtures.ts";

const failed: AttemptRecord = {
  provider: "p",
  model: "m",
  startedAtMs: 0,
  firstByteMs: null,
  durationMs: 5,
  status: 503,
  errorClass: "http_status",
  reason: "HTTP 503",
  decision: "fallback",
  upstreamHeaders: null,
  droppedParams: [],
  requestBody: {},
};

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
