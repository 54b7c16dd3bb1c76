import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, chat, gatewayFetch, logOf, readSse, setupTenant } from "./gateway-client.ts";

const fast = {
  retry: { maxAttempts: 2, initialBackoffMs: 5, maxBackoffMs: 10 },
  timeouts: { firstEventMs: 500, idleMs: 500, totalMs: 10_000 },
};

describe("request log: one record per request, whatever the outcome", () => {
  it("completed (non-stream): attempts, served-by, usage, cost, request and output", async () => {
    const { tenant, keyId, key } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "echo" }] } });
    const res = await chat(key, { model: "w", temperature: 0.5 }, { "x-client-request-id": "cli-1" });
    await res.text();
    const log = await logOf(tenant, res);
    expect(log).toMatchObject({
      tenant,
      keyId,
      clientRequestId: "cli-1",
      workflow: "w",
      stream: false,
      outcome: "completed",
      httpStatus: 200,
      partialOutput: false,
      servedBy: { provider: "faux", model: "echo" },
      usage: { promptTokens: 2, completionTokens: 3, totalTokens: 5, estimated: false },
      output: { text: "Echo: hello gateway", finishReason: "stop" },
      request: { model: "w", temperature: 0.5 },
    });
    expect(log.attempts).toEqual([
      expect.objectContaining({ provider: "faux", model: "echo", status: 200, decision: "commit", errorClass: null }),
    ]);
    expect(log.attemptBodies[0]).toMatchObject({ model: "echo", temperature: 0.5 });
    expect(log.costUsd).toBeCloseTo((2 * 1 + 3 * 2) / 1e6, 12);
    expect(log.timings.completedMs).toBeGreaterThanOrEqual(0);
  });

  it("failover: every attempt with its status, error class, reason and decision", async () => {
    const { tenant, key } = await setupTenant({
      w: {
        ...fast,
        targets: [
          { provider: "faux", model: "status-503+retry-after-0" },
          { provider: "backup", model: "echo" },
        ],
      },
    });
    const res = await chat(key, { model: "w", stream: true });
    await res.text();
    const log = await logOf(tenant, res);
    expect(log.outcome).toBe("completed");
    expect(log.servedBy).toEqual({ provider: "backup", model: "echo" });
    expect(log.attempts.map((a: any) => [a.provider, a.status, a.errorClass, a.decision])).toEqual([
      ["faux", 503, "http_status", "retry"],
      ["faux", 503, "http_status", "fallback"],
      ["backup", 200, null, "commit"],
    ]);
    expect(log.attempts[0].reason).toContain("HTTP 503");
    // The upstream's headers of interest (here its retry hint), for explaining the decision later.
    expect(log.attempts[0].upstreamHeaders).toMatchObject({ "retry-after": "0", "content-type": "application/json" });
    expect(log.attempts[2].upstreamHeaders["content-type"]).toContain("text/event-stream");
  });

  it("failed everywhere: failed_before_output with the 502 error", async () => {
    const { tenant, key } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "status-500" }] } });
    const res = await chat(key, { model: "w" });
    await res.text();
    const log = await logOf(tenant, res);
    expect(log).toMatchObject({
      outcome: "failed_before_output",
      httpStatus: 502,
      servedBy: null,
      error: { code: "all_targets_failed" },
      usage: null,
    });
  });

  it("mid-stream failure: failed_after_output with the partial content and timestamped chunks", async () => {
    const { tenant, key } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "words-6+slow-20+die-after-3" }] } });
    const res = await chat(key, { model: "w", stream: true });
    await res.text();
    const log = await logOf(tenant, res);
    expect(log).toMatchObject({
      outcome: "failed_after_output",
      partialOutput: true,
      disconnect: "upstream",
      error: { code: "stream_interrupted" },
    });
    expect(log.output.text).toBe("alpha bravo charlie ");
    expect(log.usage).toMatchObject({ estimated: true });
    expect(log.costUsd).toBeGreaterThan(0);
    const times = log.chunks.map((c: any) => c.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(log.chunks.length).toBe(4);
    expect(log.timings.firstDeltaMs).toBeLessThanOrEqual(log.timings.lastDeltaMs);
  });

  it("rejected bad input is logged under the key's tenant", async () => {
    const { tenant, key } = await setupTenant({});
    const res = await gatewayFetch("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: "{broken",
    });
    expect(res.status).toBe(400);
    const log = await logOf(tenant, res);
    expect(log).toMatchObject({ outcome: "rejected", httpStatus: 400, error: { code: "invalid_json" } });
  });

  it("streams: usage is requested upstream and logged, but not sent to a client that did not ask", async () => {
    const { tenant, key } = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "words-4" }] } });
    const res = await chat(key, { model: "w", stream: true });
    const sse = await readSse(res);
    expect(sse.events.some((e) => e.usage)).toBe(false);
    expect(sse.done).toBe(true);
    const log = await logOf(tenant, res);
    expect(log.usage).toMatchObject({ completionTokens: 4, estimated: false });
    expect(log.costUsd).toBeGreaterThan(0);
    expect(log.eventCounts).toMatchObject({ contentDeltas: 4, usageChunks: 1, done: 1 });

    const asked = await chat(key, { model: "w", stream: true, stream_options: { include_usage: true } });
    expect((await readSse(asked)).events.at(-1)?.usage).toMatchObject({ completion_tokens: 4 });
  });

  it("metadata mode stores no prompt or completion text", async () => {
    const { tenant, key } = await setupTenant({ w: { ...fast, logContent: "metadata", targets: [{ provider: "faux", model: "echo" }] } });
    const res = await chat(key, { model: "w", stream: true, messages: [{ role: "user", content: "confidential-prompt-text" }] });
    await res.text();
    const log = await logOf(tenant, res);
    const text = JSON.stringify(log);
    expect(text).not.toContain("confidential-prompt-text");
    expect(log.output).toBeNull();
    expect(log.request).toBeNull();
    expect(log.usage.totalTokens).toBeGreaterThan(0);
  });

  it("no secret appears in any record: gateway key, provider key, authorization", async () => {
    const { tenant, key } = await setupTenant({});
    await admin("PUT", `/tenants/${tenant}/providers/keyed`, { type: "faux", apiKey: "sk-provider-secret-123" });
    await admin("PUT", `/tenants/${tenant}/workflows/w`, {
      ...fast,
      targets: [
        { provider: "keyed", model: "status-503" },
        { provider: "keyed", model: "echo" },
      ],
    });
    for (const stream of [false, true]) {
      const res = await chat(key, { model: "w", stream });
      await res.text();
      const text = JSON.stringify(await logOf(tenant, res));
      expect(text).not.toContain(key);
      expect(text).not.toContain("sk-provider-secret-123");
      expect(text.toLowerCase()).not.toContain("authorization");
    }
  });

  it("lists newest first with cursor pagination and filters", async () => {
    const { tenant, key, keyId } = await setupTenant({
      ok: { ...fast, targets: [{ provider: "faux", model: "echo" }] },
      bad: { ...fast, targets: [{ provider: "faux", model: "status-500" }], retry: { maxAttempts: 1 } },
    });
    const ids: string[] = [];
    for (const model of ["ok", "bad", "ok", "ok", "bad"]) {
      const res = await chat(key, { model });
      await res.text();
      ids.push(res.headers.get("x-request-id") ?? "");
    }
    const list = async (query: string) => (await (await admin("GET", `/tenants/${tenant}/logs?${query}`)).json()) as any;
    await expect.poll(async () => (await list("limit=50")).data.length, { timeout: 5_000 }).toBe(5);
    const newestFirst = [...ids].reverse();
    const page1 = await list("limit=2");
    expect(page1.data.map((s: any) => s.id)).toEqual(newestFirst.slice(0, 2));
    const page2 = await list(`limit=2&cursor=${page1.next_cursor}`);
    expect(page2.data.map((s: any) => s.id)).toEqual(newestFirst.slice(2, 4));
    const page3 = await list(`limit=2&cursor=${page2.next_cursor}`);
    expect(page3.data.map((s: any) => s.id)).toEqual(newestFirst.slice(4));
    expect(page3.next_cursor).toBeNull();
    expect((await list("outcome=failed_before_output")).data).toHaveLength(2);
    expect((await list("workflow=ok")).data).toHaveLength(3);
    expect((await list(`keyId=${keyId}`)).data).toHaveLength(5);
    expect((await admin("GET", `/tenants/${tenant}/logs?outcome=exploded`)).status).toBe(400);
  });

  it("another tenant cannot read a record; retention deletes it", async () => {
    const a = await setupTenant({ w: { ...fast, targets: [{ provider: "faux", model: "echo" }] } });
    const b = await setupTenant({});
    const res = await chat(a.key, { model: "w" });
    await res.text();
    const id = res.headers.get("x-request-id") ?? "";
    await logOf(a.tenant, res);
    expect((await admin("GET", `/tenants/${b.tenant}/logs/${id}`)).status).toBe(404);
    const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(id));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await admin("GET", `/tenants/${a.tenant}/logs/${id}`)).status).toBe(404);
  });
});

describe("request log storage: rows written do not grow with the stream", () => {
  /** Rows stored in a request's object: its named values (the built-in key-value table) and any table of its own. */
  async function rowsOf(requestId: string): Promise<number> {
    const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId));
    return runInDurableObject(stub, async (_object, state) => {
      const sql = state.storage.sql;
      const tables = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'")
        .toArray();
      const own = tables.reduce(
        (rows, { name }) => rows + (sql.exec<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`).one().n as number),
        0,
      );
      return own + (await state.storage.list()).size;
    });
  }

  it("a 20-event and a 1,500-event stream store the same number of rows, every chunk kept with its time", async () => {
    const { tenant, key } = await setupTenant({
      short: { ...fast, targets: [{ provider: "faux", model: "words-20" }] },
      long: { ...fast, targets: [{ provider: "faux", model: "words-1500" }] },
    });
    const rows: number[] = [];
    for (const model of ["short", "long"]) {
      const res = await chat(key, { model, stream: true });
      await res.text();
      const log = await logOf(tenant, res);
      expect(log.chunks.length).toBe(log.eventCounts.chunks + log.eventCounts.errors);
      expect(log.chunks.length).toBeGreaterThanOrEqual(model === "long" ? 1_500 : 20);
      rows.push(await rowsOf(log.id));
    }
    // A small record is one row; a long stream's is split (record, bodies, chunk packs): a handful either way.
    expect(rows[0]).toBe(1);
    expect(rows[1]).toBeGreaterThanOrEqual(4);
    expect(rows[1]).toBeLessThanOrEqual(5);
  });

  it("the write reports its rows: bounded by the record's chunk budget however many events arrive", async () => {
    const write = async (events: number, id: string) => {
      const chunks = Array.from({ length: events }, (_, i) => ({
        atMs: i,
        data: `{"choices":[{"index":0,"delta":{"content":"word ${i} "}}]}`,
      }));
      const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(id));
      const record = { id, attempts: [{}] } as never;
      return stub.write({ record, requestJson: "{}", attemptBodiesJson: ["{}"], chunks });
    };
    const few = await write(10, "rows-few");
    const many = await write(2_000, "rows-many");
    // One row for a small record; record + request + one attempt body + chunk packs for a large one.
    expect(few).toBe(1);
    expect(many).toBeLessThanOrEqual(5);
    for (const [id, events] of [
      ["rows-few", 10],
      ["rows-many", 2_000],
    ] as const) {
      const read = JSON.parse((await env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(id)).read()) as string);
      expect(read.request).toEqual({});
      expect(read.attemptBodies).toEqual([{}]);
      expect(read.chunks).toHaveLength(events);
      expect(read.chunks[events - 1]).toEqual({
        atMs: events - 1,
        data: `{"choices":[{"index":0,"delta":{"content":"word ${events - 1} "}}]}`,
      });
      expect(read.whole).toBeUndefined();
    }
  });

  it("records written in the earlier layout (one row per chunk) still read whole until they expire", async () => {
    const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName("earlier-layout"));
    await runInDurableObject(stub, (_object, state) => {
      const sql = state.storage.sql;
      sql.exec(`
        CREATE TABLE record (k INTEGER PRIMARY KEY CHECK (k = 1), json TEXT NOT NULL);
        CREATE TABLE blob (name TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE chunk (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, data TEXT NOT NULL);
      `);
      sql.exec("INSERT INTO record (k, json) VALUES (1, ?)", JSON.stringify({ id: "earlier-layout", attempts: [{}] }));
      sql.exec("INSERT INTO blob (name, json) VALUES ('request', '{\"model\":\"w\"}'), ('attempt:0', '{\"model\":\"m\"}')");
      sql.exec("INSERT INTO chunk (seq, at_ms, data) VALUES (0, 5, 'a'), (1, 9, 'b')");
    });
    const record = JSON.parse((await stub.read()) ?? "null");
    expect(record).toMatchObject({
      id: "earlier-layout",
      request: { model: "w" },
      attemptBodies: [{ model: "m" }],
      chunks: [
        { atMs: 5, data: "a" },
        { atMs: 9, data: "b" },
      ],
    });
  });
});
