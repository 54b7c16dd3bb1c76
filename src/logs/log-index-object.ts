import { DurableObject } from "cloudflare:workers";
import { type CacheStats, EMPTY_CACHE_STATS } from "../cache/cache-stats.ts";
import { retentionMs } from "../config/retention.ts";
import type { LogQuery } from "./log-query.ts";
import type { LogSummary } from "./log-record.ts";
import { SERIES_MINUTE_MS } from "./series-buckets.ts";
import { CREATE_SERIES_SQL, SELECT_SERIES_SQL, type SeriesCell, seriesValues, toCell, UPSERT_SERIES_SQL } from "./series-rows.ts";
import type { SeriesWindow } from "./time-series.ts";
import { emptyCounters, ttfbBucketSql, type WorkflowCounters } from "./workflow-stats.ts";

const PRUNE_EVERY_MS = 6 * 3600 * 1000;
/** Storage key of the time the shard was purged (its tenant deleted). */
const PURGED_AT = "purgedAt";

/** Adds one summary's contribution to its minute's series row; answers the rows written. */
function upsertSeries(sql: SqlStorage, values: Array<string | number>): number {
  const cursor = sql.exec(UPSERT_SERIES_SQL, ...values);
  cursor.toArray();
  return cursor.rowsWritten;
}

/**
 * One shard of a tenant's log index: request summaries, newest first by id. A tenant has
 * `LOG_INDEX_SHARDS` of them so one busy tenant's writes spread over several objects.
 */
export class LogIndex extends DurableObject<Env> {
  /** Set once this instance has created its table and scheduled its pruning: later adds are one insert. */
  private ready = false;
  /** When this shard's tenant was deleted (read once per instance): a summary received before is an earlier tenant's. */
  private purgedAt: number | undefined;

  /**
   * Adds a request's summary and counts it into its minute's series row, in the same call.
   * Answers the SQLite rows written: the entry and its series row (inserted or added to).
   */
  async add(summary: LogSummary): Promise<number> {
    // A record's object adds its summary after the response: one of a deleted tenant can arrive after the purge.
    this.purgedAt ??= (await this.ctx.storage.get<number>(PURGED_AT)) ?? 0;
    if (Date.parse(summary.receivedAt) < this.purgedAt) return 0;
    if (!this.ready) {
      // Created on write so listing an empty shard leaves no storage, and pruning to empty can deleteAll().
      // WITHOUT ROWID and no secondary index: one row written per summary (ids sort by time, so
      // listing pages by id; pruning by time scans, every 6 h). Shards created before keep their index.
      this.ctx.storage.sql.exec(`
        CREATE TABLE IF NOT EXISTS entry (
          id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, outcome TEXT NOT NULL,
          workflow TEXT, key_id TEXT, summary TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
      // Shards created before the series existed get its table on their first add.
      this.ctx.storage.sql.exec(CREATE_SERIES_SQL);
      if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
      this.ready = true;
    }
    const sql = this.ctx.storage.sql;
    // A record written again (a durable request's final write) replaces its entry: its earlier series counts are taken back.
    const earlier = sql.exec<{ summary: string }>("SELECT summary FROM entry WHERE id = ?", summary.id).toArray()[0];
    let rows = 0;
    if (earlier) rows += upsertSeries(sql, seriesValues(JSON.parse(earlier.summary) as LogSummary, -1));
    const entry = sql.exec(
      "INSERT OR REPLACE INTO entry (id, received_at, outcome, workflow, key_id, summary) VALUES (?, ?, ?, ?, ?, ?)",
      summary.id,
      Date.parse(summary.receivedAt),
      summary.outcome,
      summary.workflow,
      summary.keyId,
      JSON.stringify(summary),
    );
    entry.toArray();
    return rows + entry.rowsWritten + upsertSeries(sql, seriesValues(summary));
  }

  /** This shard's series cells over a chart's window (one grouped range scan of the series rows), and the rows it read. */
  async series(window: SeriesWindow): Promise<{ cells: SeriesCell[]; rowsRead: number }> {
    if (!this.hasTable("series")) return { cells: [], rowsRead: 0 };
    const cursor = this.ctx.storage.sql.exec<Record<string, string | number | null>>(
      SELECT_SERIES_SQL,
      window.fromMinute,
      window.fromMinute + window.points * window.stepMinutes,
      window.stepMinutes,
      window.workflow,
      window.target,
      window.key,
    );
    const cells = cursor.toArray().map(toCell);
    return { cells, rowsRead: cursor.rowsRead };
  }

  async list(query: LogQuery): Promise<LogSummary[]> {
    if (!this.hasEntries()) return [];
    const rows = this.ctx.storage.sql
      .exec<{ summary: string }>(
        `SELECT summary FROM entry
         WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR outcome = ?2) AND (?3 IS NULL OR workflow = ?3) AND (?4 IS NULL OR key_id = ?4)
         ORDER BY id DESC LIMIT ?5`,
        query.cursor ?? null,
        query.outcome ?? null,
        query.workflow ?? null,
        query.keyId ?? null,
        query.limit,
      )
      .toArray();
    return rows.map((row) => JSON.parse(row.summary) as LogSummary);
  }

  /** Cache counters of one workflow, from the summaries this shard holds. */
  async cacheStats(workflow: string): Promise<CacheStats> {
    if (!this.hasEntries()) return EMPTY_CACHE_STATS;
    return this.ctx.storage.sql
      .exec<{ hits: number; misses: number; bypasses: number; tokensSaved: number; costSavedUsd: number }>(
        `SELECT
           COALESCE(SUM(json_extract(summary, '$.cache') = 'HIT'), 0) AS hits,
           COALESCE(SUM(json_extract(summary, '$.cache') = 'MISS'), 0) AS misses,
           COALESCE(SUM(json_extract(summary, '$.cache') = 'BYPASS'), 0) AS bypasses,
           COALESCE(SUM(CASE WHEN json_extract(summary, '$.cache') = 'HIT' THEN COALESCE(json_extract(summary, '$.totalTokens'), 0) ELSE 0 END), 0) AS tokensSaved,
           COALESCE(SUM(COALESCE(json_extract(summary, '$.costSavedUsd'), 0)), 0) AS costSavedUsd
         FROM entry WHERE workflow = ?`,
        workflow,
      )
      .one();
  }

  /**
   * Per-workflow counters over this shard's summaries (the log retention window). Two grouped
   * scans of the shard: rows read equal the shard's entries, once per query.
   */
  async workflowStats(): Promise<WorkflowCounters[]> {
    if (!this.hasEntries()) return [];
    const sql = this.ctx.storage.sql;
    const byName = new Map<string, WorkflowCounters>();
    const totals = sql.exec<Omit<WorkflowCounters, "ttfbBuckets">>(
      `SELECT workflow,
         COUNT(*) AS requests,
         COALESCE(SUM(outcome IN ('failed_before_output', 'failed_after_output')), 0) AS failed,
         COALESCE(SUM(outcome = 'rejected'), 0) AS rejected,
         COALESCE(SUM(outcome = 'client_aborted'), 0) AS clientAborted,
         COALESCE(SUM(COALESCE(json_extract(summary, '$.costUsd'), 0)), 0) AS spendUsd,
         COALESCE(SUM(json_extract(summary, '$.cache') = 'HIT'), 0) AS hits,
         COALESCE(SUM(json_extract(summary, '$.cache') = 'MISS'), 0) AS misses,
         COALESCE(SUM(json_extract(summary, '$.cache') = 'BYPASS'), 0) AS bypasses,
         COALESCE(SUM(CASE WHEN json_extract(summary, '$.cache') = 'HIT' THEN COALESCE(json_extract(summary, '$.totalTokens'), 0) ELSE 0 END), 0) AS tokensSaved,
         COALESCE(SUM(COALESCE(json_extract(summary, '$.costSavedUsd'), 0)), 0) AS costSavedUsd
       FROM entry WHERE workflow IS NOT NULL GROUP BY workflow`,
    );
    for (const row of totals) byName.set(row.workflow, { ...emptyCounters(row.workflow), ...row });
    const buckets = sql.exec<{ workflow: string; bucket: number; n: number }>(
      `SELECT workflow, ${ttfbBucketSql("json_extract(summary, '$.firstByteMs')")} AS bucket, COUNT(*) AS n
       FROM entry WHERE workflow IS NOT NULL AND json_extract(summary, '$.firstByteMs') IS NOT NULL GROUP BY workflow, bucket`,
    );
    for (const { workflow, bucket, n } of buckets) {
      const counters = byName.get(workflow);
      if (counters) counters.ttfbBuckets[bucket] = n;
    }
    return [...byName.values()];
  }

  /** What a key spent on requests received since `sinceMs` (within retention), from this shard's summaries. */
  async spendSince(keyId: string, sinceMs: number): Promise<number> {
    if (!this.hasEntries()) return 0;
    return this.ctx.storage.sql
      .exec<{ usd: number }>(
        "SELECT COALESCE(SUM(COALESCE(json_extract(summary, '$.costUsd'), 0)), 0) AS usd FROM entry WHERE key_id = ? AND received_at >= ?",
        keyId,
        sinceMs,
      )
      .one().usd;
  }

  /** Forgets every summary of this shard (its tenant was deleted). */
  async purge(): Promise<void> {
    this.ready = false;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.purgedAt = Date.now();
    await this.ctx.storage.put(PURGED_AT, this.purgedAt);
  }

  /** Drops summaries past retention, then comes back later while any remain. */
  override async alarm(): Promise<void> {
    if (!this.hasEntries()) return;
    const sql = this.ctx.storage.sql;
    const cutoff = Date.now() - retentionMs(this.env);
    sql.exec("DELETE FROM entry WHERE received_at < ?", cutoff);
    if (this.hasTable("series")) sql.exec("DELETE FROM series WHERE minute < ?", Math.floor(cutoff / SERIES_MINUTE_MS));
    const left = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM entry").one().n;
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
    else {
      this.ready = false;
      await this.ctx.storage.deleteAll();
    }
  }

  private hasEntries(): boolean {
    return this.hasTable("entry");
  }

  private hasTable(name: string): boolean {
    return this.ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;
  }
}
