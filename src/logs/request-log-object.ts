import { DurableObject } from "cloudflare:workers";
import { LOG_BLOB_MAX_CHARS, LOG_CHUNK_PACK_CHARS } from "../platform-limits.ts";
import type { LoggedChunk, LogWrite, RequestLogRecord } from "./log-record.ts";
import { retentionMs } from "./retention.ts";
import { deleteStoredResponse, readStoredResponse, type StoredResponseRead, writeStoredResponse } from "./stored-response-rows.ts";

/** A stored body, cut to fit SQLite's 2 MB row limit (and marked so). */
function fitBlob(text: string): string {
  if (text.length <= LOG_BLOB_MAX_CHARS) return text;
  return JSON.stringify({ truncated: true, originalChars: text.length, head: text.slice(0, LOG_BLOB_MAX_CHARS - 200) });
}

/**
 * Delivered chunks packed into a few rows: `[[atMs, data], …]` per pack, each under
 * `LOG_CHUNK_PACK_CHARS`, so rows written do not grow with a stream's length (a record keeps at
 * most `LOG_MAX_CHUNK_BYTES` of chunks: two or three packs at most, usually one).
 */
export function packChunks(chunks: LoggedChunk[]): string[] {
  const packs: string[] = [];
  let pack: string[] = [];
  let chars = 0;
  for (const chunk of chunks) {
    const pair = JSON.stringify([chunk.atMs, chunk.data]);
    if (pack.length > 0 && chars + pair.length + 1 > LOG_CHUNK_PACK_CHARS) {
      packs.push(`[${pack.join(",")}]`);
      pack = [];
      chars = 0;
    }
    pack.push(pair);
    chars += pair.length + 1;
  }
  if (pack.length > 0) packs.push(`[${pack.join(",")}]`);
  return packs;
}

/** Rows per INSERT: 2 bound parameters each, well under SQLite's per-query limit. */
const ROWS_PER_STATEMENT = 40;

/** A stored record's rows: name → JSON text. */
type Parts = Map<string, string>;

/** The record with its bodies and chunks, from its rows. */
function assemble(parts: Parts, chunkRows: Array<[number, string]>): string | null {
  const recordJson = parts.get("record");
  if (!recordJson) return null;
  const record = JSON.parse(recordJson) as RequestLogRecord;
  const parsed = (name: string) => {
    const json = parts.get(name);
    return json === undefined ? null : JSON.parse(json);
  };
  record.request = parsed("request");
  record.attemptBodies = record.attempts.map((_, i) => parsed(`attempt:${i}`));
  record.chunks = chunkRows.map(([atMs, data]) => ({ atMs, data }));
  return JSON.stringify(record);
}

/**
 * One request's log: its own Durable Object (SQLite), addressed by the request id. One table of
 * named parts — the record, each body, the packed chunks — written in one statement, so a
 * record costs a handful of rows whatever its stream's length; an alarm deletes it at expiry.
 */
export class RequestLog extends DurableObject<Env> {
  /** Stores the record in one statement and schedules its deletion; returns the rows written. */
  async write(entry: LogWrite): Promise<number> {
    const rows: Array<[string, string]> = [
      ["record", JSON.stringify(entry.record)],
      ["request", fitBlob(entry.requestJson)],
      ...entry.attemptBodiesJson.map((body, i): [string, string] => [`attempt:${i}`, fitBlob(body)]),
      ...packChunks(entry.chunks).map((pack, i): [string, string] => [`chunks:${i}`, pack]),
    ];
    const sql = this.ctx.storage.sql;
    // Created on write, not in the constructor: reads of unknown ids then leave no storage behind,
    // and the object keeps working after retention's deleteAll(). WITHOUT ROWID: one b-tree, one write per row.
    sql.exec("CREATE TABLE IF NOT EXISTS part (name TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID");
    let written = 0;
    this.ctx.storage.transactionSync(() => {
      // A few rows per statement (bound parameters per query are limited); one statement in the common case.
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const batch = rows.slice(i, i + ROWS_PER_STATEMENT);
        written += sql.exec(
          `INSERT OR REPLACE INTO part (name, json) VALUES ${batch.map(() => "(?, ?)").join(", ")}`,
          ...batch.flat(),
        ).rowsWritten;
      }
      if (entry.storedResponseJson) written += writeStoredResponse(sql, entry.storedResponseJson);
    });
    await this.ctx.storage.setAlarm(Date.now() + retentionMs(this.env));
    return written;
  }

  /** The whole record with its bodies and chunks, as JSON text (or null when there is none). */
  async read(): Promise<string | null> {
    const sql = this.ctx.storage.sql;
    const tables = new Set(
      sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((t) => t.name),
    );
    if (tables.has("part")) {
      const parts: Parts = new Map(
        sql
          .exec<{ name: string; json: string }>("SELECT name, json FROM part")
          .toArray()
          .map((p) => [p.name, p.json]),
      );
      const packs = [...parts.keys()].filter((name) => name.startsWith("chunks:")).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
      return assemble(
        parts,
        packs.flatMap((name) => JSON.parse(parts.get(name) as string) as Array<[number, string]>),
      );
    }
    return tables.has("record") ? readEarlierLayout(sql) : null;
  }

  /** A stored response alone (request logging off); it expires like a record. */
  async storeResponse(json: string): Promise<number> {
    const rows = this.ctx.storage.transactionSync(() => writeStoredResponse(this.ctx.storage.sql, json));
    await this.ctx.storage.setAlarm(Date.now() + retentionMs(this.env));
    return rows;
  }

  /** The stored response (Responses API), and whether this request has settled at all. */
  async readResponse(): Promise<StoredResponseRead> {
    return readStoredResponse(this.ctx.storage.sql);
  }

  /** Deletes the stored response, keeping the record; true when there was one. */
  async deleteResponse(): Promise<boolean> {
    return deleteStoredResponse(this.ctx.storage.sql);
  }

  /** Retention: the record expires with all its storage. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}

/** Records written before the one-table layout (`record`, `blob`, one `chunk` row per event), until they expire. */
function readEarlierLayout(sql: SqlStorage): string | null {
  const parts: Parts = new Map([
    ...sql
      .exec<{ json: string }>("SELECT json FROM record WHERE k = 1")
      .toArray()
      .map((r): [string, string] => ["record", r.json]),
    ...sql
      .exec<{ name: string; json: string }>("SELECT name, json FROM blob")
      .toArray()
      .map((b): [string, string] => [b.name, b.json]),
  ]);
  const hasChunks = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chunk'").toArray().length > 0;
  const chunks = hasChunks
    ? sql
        .exec<{ at_ms: number; data: string }>("SELECT at_ms, data FROM chunk ORDER BY seq")
        .toArray()
        .map((c): [number, string] => [c.at_ms, c.data])
    : [];
  return assemble(parts, chunks);
}
