import { DurableObject } from "cloudflare:workers";
import { app } from "./app.ts";
import { retentionMs } from "./config/retention.ts";
import { durableDoors } from "./doors/door-registry.ts";
import { announceFinishedJob } from "./doors/responses/announce-finished-job.ts";
import type { DurableJob, StartDurable } from "./durable/durable-job.ts";
import { durableSummary } from "./durable/durable-summary.ts";
import { GenerationHost } from "./durable/generation-host.ts";
import { addToIndex } from "./logs/index-shards.ts";
import type { LoggedChunk, LogWrite, RequestLogRecord } from "./logs/log-record.ts";
import { boundedBody, recordBodyJson } from "./logs/record-body.ts";
import { deleteStoredResponse, readStoredResponse, type StoredResponseRead, writeStoredResponse } from "./logs/stored-response-rows.ts";
import { LOG_BLOB_MAX_CHARS, LOG_CHUNK_PACK_CHARS } from "./platform-limits.ts";
import { appendDeliveryNote, deliveryNotesOf, type WebhookDeliveryNote } from "./webhooks/delivery-notes.ts";

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
 * A record small enough is one row: its bodies and chunks inside (`whole`). Under this many
 * characters (at most ~200 KB even as UTF-16), well under the 2 MB value limit.
 */
const WHOLE_RECORD_MAX_CHARS = 100_000;

/** The rows of a record: one (`record`, whole) when it is small, else the record, each body and the chunk packs. */
export function recordParts(entry: LogWrite): Record<string, string> {
  const recordJson = JSON.stringify(entry.record);
  // Sized before anything is serialized twice: a large record's chunks are packed below instead.
  const chunkChars = entry.chunks.reduce((n, chunk) => n + chunk.data.length + 32, 0);
  const size = recordJson.length + chunkChars + entry.requestJson.length + entry.attemptBodiesJson.reduce((n, b) => n + b.length, 0);
  if (size <= WHOLE_RECORD_MAX_CHARS) {
    // Bodies are JSON text already (`bodyJson`): spliced in, not parsed again; a deep one as its text.
    const bodies = `"request":${recordBodyJson(entry.requestJson)},"attemptBodies":[${entry.attemptBodiesJson.map(recordBodyJson).join(",")}],"chunks":${JSON.stringify(entry.chunks)},"whole":true`;
    return { record: `${recordJson.slice(0, -1)},${bodies}}` };
  }
  const parts: Record<string, string> = { record: recordJson, request: fitBlob(entry.requestJson) };
  for (const [i, body] of entry.attemptBodiesJson.entries()) parts[`attempt:${i}`] = fitBlob(body);
  for (const [i, pack] of packChunks(entry.chunks).entries()) parts[`chunks:${i}`] = pack;
  return parts;
}

/** Keys per `storage.put` call (the runtime takes at most 128). */
const PUT_BATCH = 100;

/** A stored record's rows: name → JSON text. */
type Parts = Map<string, string>;

/**
 * The record with its bodies and chunks, from its rows, as JSON text. Bodies are spliced in as
 * text (`recordBodyJson`), never parsed and serialized again: a read does not recurse on user data.
 */
function assemble(parts: Parts, chunkRows: Array<[number, string]>, durable: RequestLogRecord["durable"] = null): string | null {
  const recordJson = parts.get("record");
  if (!recordJson) return null;
  const record = JSON.parse(recordJson) as RequestLogRecord & { whole?: true };
  record.webhookDeliveries = deliveryNotesOf(parts);
  if (durable) record.durable = durable;
  if (record.whole) {
    delete record.whole;
    // Bounded on write (`recordParts`); a record written before that may hold a deeper body.
    record.request = boundedBody(record.request);
    record.attemptBodies = record.attemptBodies?.map(boundedBody);
    return JSON.stringify(record);
  }
  const body = (name: string) => {
    const json = parts.get(name);
    return json === undefined ? "null" : recordBodyJson(json);
  };
  const attemptBodies = record.attempts.map((_, i) => body(`attempt:${i}`)).join(",");
  const chunks = JSON.stringify(chunkRows.map(([atMs, data]) => ({ atMs, data })));
  return `${JSON.stringify(record).slice(0, -1)},"request":${body("request")},"attemptBodies":[${attemptBodies}],"chunks":${chunks}}`;
}

/**
 * One request's log: its own Durable Object (SQLite), addressed by the request id. A small record
 * is one named value with its bodies and chunks inside; a larger one is the record, each body and
 * the packed chunks, one row each, in the object's built-in key-value table (no schema to create
 * per object), so a record costs a handful of rows whatever its stream's length. An alarm
 * deletes it all at expiry.
 */
export class RequestLog extends DurableObject<Env> {
  /** A durable request's generation, owned by this object (src/durable/). */
  private readonly host = new GenerationHost(this.ctx, this.env, {
    app,
    doors: durableDoors,
    onFinished: (job) => announceFinishedJob(this.env, job),
  });

  /**
   * Stores the record in one batch, schedules its deletion and adds the tenant's index entry (here,
   * not in the Worker: one call per request from the Worker instead of two); returns the rows written.
   */
  async write(entry: LogWrite): Promise<number> {
    const parts = recordParts(entry);
    const names = Object.keys(parts);
    // put() takes at most 128 keys per call; a record has a handful.
    for (let i = 0; i < names.length; i += PUT_BATCH)
      await this.ctx.storage.put(Object.fromEntries(names.slice(i, i + PUT_BATCH).map((name) => [name, parts[name]])));
    const responseRows = entry.storedResponseJson ? writeStoredResponse(this.ctx.storage.sql, entry.storedResponseJson) : 0;
    await this.ctx.storage.setAlarm(Date.now() + retentionMs(this.env));
    await addToIndex(this.env, entry.record);
    return names.length + responseRows;
  }

  /** The whole record with its bodies and chunks, as JSON text (or null when there is none). */
  async read(): Promise<string | null> {
    const stored = await this.ctx.storage.list<string>();
    if (stored.has("record")) {
      const packs = [...stored.keys()].filter((name) => name.startsWith("chunks:")).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
      return assemble(
        stored,
        packs.flatMap((name) => JSON.parse(stored.get(name) as string) as Array<[number, string]>),
        durableSummary(stored.get("job") as unknown as DurableJob | undefined),
      );
    }
    const sql = this.ctx.storage.sql;
    const hasTable = (name: string) => sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;
    return hasTable("record") ? readEarlierLayout(sql) : null;
  }

  /** A stored response alone (request logging off); it expires like a record. */
  async storeResponse(json: string): Promise<number> {
    const rows = this.ctx.storage.transactionSync(() => writeStoredResponse(this.ctx.storage.sql, json));
    await this.ctx.storage.setAlarm(Date.now() + retentionMs(this.env));
    return rows;
  }

  /** The stored response (Responses API), whether this request has settled at all, and its background job if it is one: one call per poll. */
  async readResponse(): Promise<StoredResponseRead & { background: DurableJob | null }> {
    const read = readStoredResponse(this.ctx.storage.sql);
    const background = await this.host.background();
    return read.settled ? { ...read, background } : { ...read, background, settled: (await this.ctx.storage.get("record")) !== undefined };
  }

  /** Deletes the stored response, keeping the record; true when there was one. */
  async deleteResponse(): Promise<boolean> {
    return deleteStoredResponse(this.ctx.storage.sql);
  }

  /** Starts a durable generation here and answers its first client. */
  startDurable(input: StartDurable): Promise<Response> {
    return this.host.start(input);
  }

  /** Another request with the same Idempotency-Key: attaches to this generation. */
  attachDurable(requestId: string, now: number): Promise<Response> {
    return this.host.attach(requestId, now);
  }

  /** Resumes this generation's stream after event `after`; null when there is none for the tenant. */
  followDurable(tenant: string, after: number): Promise<Response | null> {
    return this.host.follow(tenant, after);
  }

  cancelDurable(tenant: string): Promise<DurableJob | null> {
    return this.host.cancel(tenant);
  }

  /** Notes one webhook delivery attempt about this request (`src/webhooks/delivery-notes.ts`). */
  async noteWebhookDelivery(note: WebhookDeliveryNote): Promise<void> {
    await appendDeliveryNote(this.ctx.storage, note, retentionMs(this.env));
  }

  /** A running generation's watchdog, or retention: the record expires with all its storage. */
  override async alarm(): Promise<void> {
    if ((await this.host.onAlarm()) === "durable") return;
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
