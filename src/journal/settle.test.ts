import { afterEach, describe, expect, it, vi } from "vitest";
import { traceContextOf } from "../http/trace-context.ts";
import { RequestSecrets } from "../secrets/request-secrets.ts";
import { initialState } from "./journal-state.ts";
import { settle } from "./settle.ts";
import type { SettleSink } from "./sinks/settle-sink.ts";

const state = {
  ...initialState({ id: "req_1", clientRequestId: null, method: "POST", path: "/v1/x", receivedAt: 1, trace: traceContextOf(null, null) }),
  tenant: "t",
};

afterEach(() => vi.restoreAllMocks());

describe("settle", () => {
  it("prices once, however many sinks ask for the record", async () => {
    const seen: unknown[] = [];
    const asks: SettleSink = { name: "asks", observe: async ({ write }) => seen.push(await write()) };
    await settle({} as Env, state, new RequestSecrets(), [asks, asks]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toMatchObject({ record: { id: "req_1", tenant: "t" } });
  });

  it("logs a sink that throws or fails, without its secrets, and every other sink still runs", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const secrets = new RequestSecrets();
    secrets.add("sk-secret-value-123");
    const ran: string[] = [];
    const sinks: SettleSink[] = [
      {
        name: "throws",
        observe: () => {
          throw new Error("boom sk-secret-value-123");
        },
      },
      { name: "rejects", observe: () => Promise.reject(new Error("down")) },
      { name: "works", observe: async () => ran.push("works") },
    ];
    await settle({} as Env, state, secrets, sinks);
    expect(ran).toEqual(["works"]);
    const logged = errors.mock.calls.map((call) => String(call[0]));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain("the throws sink failed");
    expect(logged[0]).not.toContain("sk-secret-value-123");
    expect(logged[1]).toContain("the rejects sink failed: down");
  });

  it("starts no storage sink before the response is flushed; an at-once sink (isolate memory) acts before", async () => {
    const order: string[] = [];
    const sinks: SettleSink[] = [
      { name: "record", observe: async () => order.push("record") },
      { name: "health", atOnce: true, observe: async () => order.push("health") },
    ];
    await settle({} as Env, state, new RequestSecrets(), sinks, async () => {
      await Promise.resolve();
      order.push("flushed");
    });
    expect(order).toEqual(["health", "flushed", "record"]);
  });

  it("hands the sinks the flush it waits for, once: an at-once sink's storage waits for it too", async () => {
    const order: string[] = [];
    let flushes = 0;
    const sinks: SettleSink[] = [
      { name: "record", observe: async () => order.push("record") },
      {
        name: "cache",
        atOnce: true,
        observe: async ({ flushed }) => {
          order.push("held");
          await flushed();
          order.push("written");
        },
      },
    ];
    await settle({} as Env, state, new RequestSecrets(), sinks, async () => {
      flushes++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push("flushed");
    });
    expect(flushes).toBe(1);
    expect(order.slice(0, 2)).toEqual(["held", "flushed"]);
    expect(order.slice(2).sort()).toEqual(["record", "written"]);
  });
});
