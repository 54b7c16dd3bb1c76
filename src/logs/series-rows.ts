import { bucketIndex } from "./histogram.ts";
import type { LogOutcome, LogSummary } from "./log-record.ts";
import { DURATION_EDGES_MS, SERIES_MINUTE_MS, TTFT_EDGES_MS } from "./series-buckets.ts";

const TTFT_COLUMNS = Array.from({ length: TTFT_EDGES_MS.length + 1 }, (_, i) => `t${i}`);
const DURATION_COLUMNS = Array.from({ length: DURATION_EDGES_MS.length + 1 }, (_, i) => `d${i}`);
/** The summed columns of a series row, in the order `seriesValues` gives them. */
const SUMS = ["requests", "tokens", "cost_usd", "cache_hits", "cache_misses", "cost_saved_usd", "failovers", "breaker_skips"];
const KEYS = ["minute", "workflow", "target", "key_id", "outcome"];

/**
 * One row per minute × workflow × target × key × outcome, summed as summaries arrive: a chart
 * reads at most (its minutes × the combinations used) rows per shard, whatever the traffic.
 * `''` stands for "none" (no workflow, not served, no key) so the primary key has no NULLs.
 */
export const CREATE_SERIES_SQL = `
  CREATE TABLE IF NOT EXISTS series (
    minute INTEGER NOT NULL, workflow TEXT NOT NULL, target TEXT NOT NULL, key_id TEXT NOT NULL, outcome TEXT NOT NULL,
    ${[...SUMS, ...TTFT_COLUMNS, ...DURATION_COLUMNS].map((column) => `${column} NUMERIC NOT NULL DEFAULT 0`).join(", ")},
    PRIMARY KEY (minute, workflow, target, key_id, outcome)
  ) WITHOUT ROWID;
`;

const ALL = [...KEYS, ...SUMS, ...TTFT_COLUMNS, ...DURATION_COLUMNS];
/** One statement per summary: inserts the minute's row or adds to it (one row written either way). */
export const UPSERT_SERIES_SQL = `INSERT INTO series (${ALL.join(", ")}) VALUES (${ALL.map(() => "?").join(", ")})
  ON CONFLICT (${KEYS.join(", ")}) DO UPDATE SET ${[...SUMS, ...TTFT_COLUMNS, ...DURATION_COLUMNS]
    .map((column) => `${column} = ${column} + excluded.${column}`)
    .join(", ")}`;

/** The target a summary's series row names: `provider/model`, or `''` when nothing served it. */
export const seriesTarget = (summary: Pick<LogSummary, "servedBy">): string =>
  summary.servedBy ? `${summary.servedBy.provider}/${summary.servedBy.model}` : "";

/** The bound values of `UPSERT_SERIES_SQL` for one summary (pure: what a request adds to its minute; `sign` -1 takes it back). */
export function seriesValues(summary: LogSummary, sign: 1 | -1 = 1): Array<string | number> {
  const ttft = new Array<number>(TTFT_COLUMNS.length).fill(0);
  const duration = new Array<number>(DURATION_COLUMNS.length).fill(0);
  if (summary.firstByteMs !== null && summary.firstByteMs !== undefined) ttft[bucketIndex(TTFT_EDGES_MS, summary.firstByteMs)] = sign;
  duration[bucketIndex(DURATION_EDGES_MS, summary.completedMs)] = sign;
  const sums = [
    1,
    summary.totalTokens ?? 0,
    summary.costUsd ?? 0,
    summary.cache === "HIT" ? 1 : 0,
    summary.cache === "MISS" ? 1 : 0,
    summary.costSavedUsd ?? 0,
    summary.failovers ?? 0,
    summary.breakerSkips ?? 0,
  ];
  return [
    Math.floor(Date.parse(summary.receivedAt) / SERIES_MINUTE_MS),
    summary.workflow ?? "",
    seriesTarget(summary),
    summary.keyId ?? "",
    summary.outcome,
    ...sums.map((n) => n * sign),
    ...ttft,
    ...duration,
  ];
}

/** A shard's answer for one slot (a step of the chart) and outcome: sums and histograms, ready to add to other shards'. */
export interface SeriesCell {
  slot: number;
  outcome: LogOutcome;
  requests: number;
  tokens: number;
  costUsd: number;
  cacheHits: number;
  cacheMisses: number;
  costSavedUsd: number;
  failovers: number;
  breakerSkips: number;
  ttft: number[];
  duration: number[];
}

/**
 * Sums a shard's rows per slot (`(minute - from) / step`) and outcome, between `?1` (first
 * minute) and `?2` (past the last), `?3` the step in minutes; `?4`…`?6` filter workflow, target, key.
 * The range is a prefix scan of the primary key.
 */
export const SELECT_SERIES_SQL = `SELECT CAST((minute - ?1) / ?3 AS INTEGER) AS slot, outcome,
    SUM(requests) AS requests, SUM(tokens) AS tokens, SUM(cost_usd) AS costUsd, SUM(cache_hits) AS cacheHits,
    SUM(cache_misses) AS cacheMisses, SUM(cost_saved_usd) AS costSavedUsd, SUM(failovers) AS failovers, SUM(breaker_skips) AS breakerSkips,
    ${[...TTFT_COLUMNS, ...DURATION_COLUMNS].map((column) => `SUM(${column}) AS ${column}`).join(", ")}
  FROM series WHERE minute >= ?1 AND minute < ?2 AND (?4 IS NULL OR workflow = ?4) AND (?5 IS NULL OR target = ?5) AND (?6 IS NULL OR key_id = ?6)
  GROUP BY slot, outcome`;

/** A row of `SELECT_SERIES_SQL` as a cell, the histogram columns gathered into arrays. */
export function toCell(row: Record<string, string | number | null>): SeriesCell {
  const num = (column: string) => Number(row[column] ?? 0);
  return {
    slot: num("slot"),
    outcome: row.outcome as LogOutcome,
    requests: num("requests"),
    tokens: num("tokens"),
    costUsd: num("costUsd"),
    cacheHits: num("cacheHits"),
    cacheMisses: num("cacheMisses"),
    costSavedUsd: num("costSavedUsd"),
    failovers: num("failovers"),
    breakerSkips: num("breakerSkips"),
    ttft: TTFT_COLUMNS.map(num),
    duration: DURATION_COLUMNS.map(num),
  };
}
