import { describe, expect, it } from "vitest";
import type { StoredResponse } from "../../logs/log-record.ts";
import { recordSink } from "./record-sink.ts";
import { finishedRequest, type NotedCall, notingEnv } from "./sink-fixtures.ts";

const stored: StoredResponse = { response: { id: "resp_1" }, inputItems: [], context: [] };

describe("the record sink", () => {
  it("writes the record to the request's own object and its summary to the tenant's index", async () => {
    const calls: NotedCall[] = [];
    await recordSink.observe(finishedRequest(notingEnv(calls)));
    expect(calls.map(([binding, name, method]) => [binding, name, method])).toEqual([
      ["REQUEST_LOG", "req_1", "write"],
      ["LOG_INDEX", expect.stringContaining("t"), "add"],
    ]);
    expect(calls[0]?.[3]).toMatchObject({ record: { id: "req_1" }, storedResponseJson: null });
  });

  it("with logging off writes nothing, except a response the client asked to keep", async () => {
    const calls: NotedCall[] = [];
    const env = notingEnv(calls, { LOG_REQUESTS: "false" });
    expect(recordSink.observe(finishedRequest(env))).toBeNull();
    await recordSink.observe(finishedRequest(env, { storedResponse: stored }));
    expect(calls.map(([binding, , method]) => `${binding}.${method}`)).toEqual(["REQUEST_LOG.storeResponse"]);
    expect(JSON.parse(calls[0]?.[3] as string)).toMatchObject({ tenant: "t", response: { id: "resp_1" } });
  });
});
