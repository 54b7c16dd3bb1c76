import { DurableObject } from "cloudflare:workers";
import { LOG_BLOB_MAX_CHARS } from "../limits.ts";
import type { LogWrite, RequestLogRecord } from "./log-record.ts";
import { retentionMs } from "./retention.ts";

/** A stored body, cut to fit SQLite's 2 MB row limit (and marked so). */
function fitBlob(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  if (text.length <= LOG_BLOB_MAX_CHARS) return text;
  return JSON.stringify({ truncated: true, originalChars: text.length, head: text.slice(0, LOG_BLOB_MAX_CHARS - 200) });
}

/**
 * One request's log: its own Durable Object (SQLite), addressed by the request id.
 * The record, each body and each chunk sit in their own rows; an alarm deletes it all at expiry.
 */
export class RequestLog extends DurableObject<Env> {
  /** Stores the record in one transaction and schedules its deletion. */
  async write(entry: LogWrite): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      // Created on write, not in the constructor: reads of unknown ids then leave no storage behind,
      // and the object keeps working after retention's deleteAll().
      sql.exec(`
        CREATE TABLE IF NOT EXISTS record (k INTEGER PRIMARY KEY CHECK (k = 1), json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS blob (name TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS chunk (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, data TEXT NOT NULL);
      `);
      sql.exec("INSERT OR REPLACE INTO record (k, json) VALUES (1, ?)", JSON.stringify(entry.record));
      sql.exec("INSERT OR REPLACE INTO blob (name, json) VALUES ('request', ?)", fitBlob(entry.request));
      for (const [i, body] of entry.attemptBodies.entries()) {
        sql.exec("INSERT OR REPLACE INTO blob (name, json) VALUES (?, ?)", `attempt:${i}`, fitBlob(body));
      }
      for (const [seq, chunk] of entry.chunks.entries()) {
        sql.exec("INSERT OR REPLACE INTO chunk (seq, at_ms, data) VALUES (?, ?, ?)", seq, chunk.atMs, chunk.data);
      }
    });
    await this.ctx.storage.setAlarm(Date.now() + retentionMs(this.env));
  }

  /** The whole record with its bodies and chunks, as JSON text (or null when there is none). */
  async read(): Promise<string | null> {
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record'").toArray().length === 0) return null;
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
    record.chunks = sql
      .exec<{ at_ms: number; data: string }>("SELECT at_ms, data FROM chunk ORDER BY seq")
      .toArray()
      .map((c) => ({ atMs: c.at_ms, data: c.data }));
    return JSON.stringify(record);
  }

  /** Retention: the record expires with all its storage. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
