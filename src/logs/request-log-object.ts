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

/**
 * One request's log: its own Durable Object (SQLite), addressed by the request id. The record,
 * each body and the packed chunks sit in a few rows; an alarm deletes it all at expiry.
 */
export class RequestLog extends DurableObject<Env> {
  /** Stores the record in one transaction and schedules its deletion; returns the rows written. */
  async write(entry: LogWrite): Promise<number> {
    const sql = this.ctx.storage.sql;
    let rowsWritten = 0;
    const exec = (query: string, ...bindings: unknown[]) => {
      rowsWritten += sql.exec(query, ...bindings).rowsWritten;
    };
    this.ctx.storage.transactionSync(() => {
      // Created on write, not in the constructor: reads of unknown ids then leave no storage behind,
      // and the object keeps working after retention's deleteAll().
      sql.exec(`
        CREATE TABLE IF NOT EXISTS record (k INTEGER PRIMARY KEY CHECK (k = 1), json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS blob (name TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS chunk_pack (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);
      `);
      exec("INSERT OR REPLACE INTO record (k, json) VALUES (1, ?)", JSON.stringify(entry.record));
      exec("INSERT OR REPLACE INTO blob (name, json) VALUES ('request', ?)", fitBlob(entry.requestJson));
      for (const [i, body] of entry.attemptBodiesJson.entries()) {
        exec("INSERT OR REPLACE INTO blob (name, json) VALUES (?, ?)", `attempt:${i}`, fitBlob(body));
      }
      for (const [seq, pack] of packChunks(entry.chunks).entries()) {
        exec("INSERT OR REPLACE INTO chunk_pack (seq, json) VALUES (?, ?)", seq, pack);
      }
      if (entry.storedResponseJson) rowsWritten += writeStoredResponse(sql, entry.storedResponseJson);
    });
    await this.ctx.storage.setAlarm(Date.now() + retentionMs(this.env));
    return rowsWritten;
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
    if (!tables.has("record")) return null;
    const row = sql.exec<{ json: string }>("SELECT json FROM record WHERE k = 1").toArray()[0];
    if (!row) return null;
    const record = JSON.parse(row.json) as RequestLogRecord;
    const blobs = new Map(
      sql
        .exec<{ name: string; json: string }>("SELECT name, json FROM blob")
        .toArray()
        .map((b) => [b.name, JSON.parse(b.json)]),
    );
    record.request = blobs.get("request") ?? null;
    record.attemptBodies = record.attempts.map((_, i) => blobs.get(`attempt:${i}`) ?? null);
    record.chunks = tables.has("chunk_pack")
      ? sql
          .exec<{ json: string }>("SELECT json FROM chunk_pack ORDER BY seq")
          .toArray()
          .flatMap((p) => (JSON.parse(p.json) as Array<[number, string]>).map(([atMs, data]) => ({ atMs, data })))
      : [];
    return JSON.stringify(record);
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
