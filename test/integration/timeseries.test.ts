import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, chat, logOf, setupTenant } from "./gateway-client.ts";

/** The admin API's series, as JSON (bounded to the last few minutes so the points are few). */
async function series(tenant: string, query = "") {
  const res = await admin("GET", `/tenants/${tenant}/timeseries?from=${Date.now() - 5 * 60_000}${query}`);
  return { status: res.status, json: (await res.json()) as any };
}

describe("time series in the log index", () => {
  it("each request adds two rows written to its shard: the entry and its minute's series row", async () => {
    const stub = env.LOG_INDEX.get(env.LOG_INDEX.idFromName("series-rows#0"));
    const base = {
      receivedAt: new Date().toISOString(),
      workflow: "w",
      keyId: "key_a",
      clientRequestId: null,
      stream: false,
      outcome: "completed" as const,
      httpStatus: 200,
      servedBy: { provider: "p", model: "m" },
      attempts: 1,
      cache: null,
      completedMs: 40,
      firstByteMs: 20,
      totalTokens: 5,
      costUsd: 0.001,
      costSavedUsd: null,
    };
    expect(await stub.add({ ...base, id: "req_00000000000000000000000001" })).toBe(2);
    // The same minute and combination: the series row is added to, not a new one.
    expect(await stub.add({ ...base, id: "req_00000000000000000000000002" })).toBe(2);
    // A record written again replaces its entry and takes its earlier counts back: still counted once.
    await stub.add({ ...base, id: "req_00000000000000000000000002", outcome: "failed_after_output" });
    const minute = Math.floor(Date.parse(base.receivedAt) / 60_000);
    const { cells } = await stub.series({ fromMinute: minute, stepMinutes: 1, points: 1, workflow: null, target: null, key: null });
    const byOutcome = Object.fromEntries(cells.filter((c) => c.requests !== 0).map((c) => [c.outcome, c.requests]));
    expect(byOutcome).toEqual({ completed: 1, failed_after_output: 1 });

    // A chart's read does not grow with traffic: 30 more requests in the same minute and combination read the same rows.
    const window = { fromMinute: minute, stepMinutes: 1, points: 1, workflow: null, target: null, key: null };
    const before = (await stub.series(window)).rowsRead;
    for (let i = 10; i < 40; i++) await stub.add({ ...base, id: `req_000000000000000000000000${i}` });
    const after = await stub.series(window);
    expect(after.rowsRead).toBe(before);
    expect(after.cells.find((c) => c.outcome === "completed")?.requests).toBe(31);

    // A step of several minutes (the 24 h and 7 d ranges) puts every minute in a whole slot: none is lost.
    const spread = env.LOG_INDEX.get(env.LOG_INDEX.idFromName("series-rows#1"));
    const start = (minute - 4) * 60_000;
    for (let i = 0; i < 5; i++)
      await spread.add({ ...base, id: `req_0000000000000000000000010${i}`, receivedAt: new Date(start + i * 60_000).toISOString() });
    const slots = await spread.series({ fromMinute: minute - 4, stepMinutes: 5, points: 1, workflow: null, target: null, key: null });
    expect(slots.cells.map((c) => [c.slot, c.requests])).toEqual([[0, 5]]);
  });

  it("the API answers the tenant's traffic per minute, filtered by workflow, target and key, equal to the records", async () => {
    const { tenant, key, keyId } = await setupTenant({
      echo: { targets: [{ provider: "faux", model: "echo" }] },
      failover: {
        targets: [
          { provider: "faux", model: "status-503" },
          { provider: "backup", model: "echo" },
        ],
        retry: { maxAttempts: 1, initialBackoffMs: 1, maxBackoffMs: 1 },
      },
    });
    const ids = [];
    for (const model of ["echo", "echo", "failover"]) {
      const res = await chat(key, { model, messages: [{ role: "user", content: "hi" }] });
      ids.push(await logOf(tenant, res));
    }
    const sum = (points: any[], field: string) => points.reduce((total, p) => total + p[field], 0);
    // The index entry lands just after the record: poll until all three are counted.
    await expect.poll(async () => sum((await series(tenant)).json.points, "requests"), { timeout: 5_000, interval: 50 }).toBe(3);
    const all = await series(tenant);
    expect(all.status).toBe(200);
    expect(all.json.stepSeconds).toBe(60);
    // Five minutes, aligned outwards to whole minutes.
    expect([5, 6]).toContain(all.json.points.length);
    // One call per index shard; rows read are the series rows of the range (here one per minute and combination), not the requests.
    expect(all.json.cost.objectCalls).toBe(8);
    expect(all.json.cost.rowsRead).toBeGreaterThan(0);
    expect(sum(all.json.points, "failovers")).toBe(1);
    expect(sum(all.json.points, "tokens")).toBe(ids.reduce((total, r) => total + (r.usage?.totalTokens ?? 0), 0));
    expect(sum((await series(tenant, "&workflow=failover")).json.points, "requests")).toBe(1);
    expect(sum((await series(tenant, "&target=backup/echo")).json.points, "requests")).toBe(1);
    expect(sum((await series(tenant, `&key=${keyId}`)).json.points, "requests")).toBe(3);
    expect(sum((await series(tenant, "&key=key_other")).json.points, "requests")).toBe(0);
  });

  it("refuses a bad range with a 400 naming it", async () => {
    const { tenant } = await setupTenant({});
    const res = await admin("GET", `/tenants/${tenant}/timeseries?from=${Date.now()}&to=${Date.now() - 1000}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ param: "from", code: "invalid_value" });
    expect((await admin("GET", `/tenants/${tenant}/timeseries?step=30`)).status).toBe(400);
  });
});
