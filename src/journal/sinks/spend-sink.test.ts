import { describe, expect, it } from "vitest";
import { finishedRequest, type NotedCall, notingEnv } from "./sink-fixtures.ts";
import { spendSink } from "./spend-sink.ts";

describe("the spend sink", () => {
  it("adds a budgeted key's cost to its usage object, at the request's receipt time", async () => {
    const calls: NotedCall[] = [];
    await spendSink.observe(finishedRequest(notingEnv(calls), { budgeted: true }, { costUsd: 0.25 }));
    expect(calls).toEqual([["KEY_USAGE", "t:k", "addSpend", 0.25, 1_000]]);
  });

  it("leaves keys without a budget, and requests that cost nothing, alone", async () => {
    const calls: NotedCall[] = [];
    expect(spendSink.observe(finishedRequest(notingEnv(calls), { budgeted: false }, { costUsd: 0.25 }))).toBeNull();
    await spendSink.observe(finishedRequest(notingEnv(calls), { budgeted: true }, { costUsd: null }));
    expect(calls).toEqual([]);
  });
});
