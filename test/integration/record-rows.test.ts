// Covers src/request-log-object.ts (recordParts, packChunks and the read that assembles them): a record's rows round trip.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AttemptRecord } from "../../src/attempts/attempt-record.ts";
import { traceContextOf } from "../../src/http/trace-context.ts";
import { initialState } from "../../src/journal/journal-state.ts";
import { recordOf } from "../../src/journal/request-record.ts";
import type { LoggedChunk, LogWrite } from "../../src/logs/log-record.ts";
import { LOG_CHUNK_PACK_CHARS } from "../../src/platform-limits.ts";
import { packChunks, recordParts } from "../../src/request-log-object.ts";

function attempt(decision: AttemptRecord["decision"]): AttemptRecord {
  return {
    provider: "p",
    model: decision === "commit" ? "b" : "a",
    startedAtMs: 0,
    firstByteMs: null,
    durationMs: 1,
    status: decision === "commit" ? 200 : 503,
    errorClass: decision === "commit" ? null : "http_status",
    reason: null,
    decision,
    upstreamHeaders: null,
    droppedParams: [],
    requestBody: {},
  };
}

/** A record with this request body and these chunks, as settle hands it to the request's object. */
function entryWith(requestJson: string, chunks: LoggedChunk[], id = `req_rows_${crypto.randomUUID()}`): LogWrite {
  const state = {
    ...initialState({
      id,
      clientRequestId: null,
      method: "POST",
      path: "/v1/chat/completions",
      receivedAt: 1,
      trace: traceContextOf(null, null),
    }),
    tenant: "t",
    attempts: [attempt("fallback"), attempt("commit")],
  };
  const write = recordOf(state, null, null);
  return { ...write, requestJson, attemptBodiesJson: [requestJson, '{"model":"b"}'], chunks };
}

async function roundTrip(entry: LogWrite): Promise<Record<string, unknown>> {
  const object = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(entry.record.id));
  await object.write(entry);
  const json = await object.read();
  if (json === null) throw new Error("no record read back");
  return JSON.parse(json) as Record<string, unknown>;
}

describe("a record's rows", () => {
  it("a small record is one row, and reads back with its bodies and chunks", async () => {
    const chunks = [
      { atMs: 5, data: '{"choices":[{"delta":{"content":"hi"}}]}' },
      { atMs: 9, data: "[DONE]" },
    ];
    const entry = entryWith('{"model":"w","messages":[]}', chunks);
    expect(Object.keys(recordParts(entry))).toEqual(["record"]);
    const read = await roundTrip(entry);
    expect(read).toMatchObject({ id: entry.record.id, tenant: "t" });
    expect(read.request).toEqual({ model: "w", messages: [] });
    expect(read.attemptBodies).toEqual([{ model: "w", messages: [] }, { model: "b" }]);
    expect(read.chunks).toEqual(chunks);
    expect(read).not.toHaveProperty("whole");
  });

  it("a large record is stored as the record, each body and its chunk packs, and reads back the same", async () => {
    const chunks = Array.from({ length: 400 }, (_, i) => ({ atMs: i, data: `{"n":${i},"pad":"${"x".repeat(4_000)}"}` }));
    const big = JSON.stringify({ model: "w", text: "y".repeat(150_000) });
    const entry = entryWith(big, chunks);
    const parts = Object.keys(recordParts(entry));
    expect(parts).toEqual(expect.arrayContaining(["record", "request", "attempt:0", "attempt:1", "chunks:0", "chunks:1", "chunks:2"]));
    const read = await roundTrip(entry);
    expect(read.request).toEqual(JSON.parse(big));
    expect(read.attemptBodies).toEqual([JSON.parse(big), { model: "b" }]);
    expect(read.chunks).toEqual(chunks);
  });

  it("packs chunks in order, each pack under its size, and never splits a chunk", () => {
    const chunks = Array.from({ length: 300 }, (_, i) => ({ atMs: i, data: "z".repeat(5_000) }));
    const packs = packChunks(chunks);
    expect(packs.length).toBeGreaterThan(1);
    for (const pack of packs) expect(pack.length).toBeLessThanOrEqual(LOG_CHUNK_PACK_CHARS + 10);
    const unpacked = packs.flatMap((pack) => JSON.parse(pack) as Array<[number, string]>);
    expect(unpacked.map(([atMs]) => atMs)).toEqual(chunks.map((chunk) => chunk.atMs));
  });
});
