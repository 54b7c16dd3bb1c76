import { DurableObject } from "cloudflare:workers";
import type { KeyRecord } from "../config/schemas.ts";
import { budgetVerdict, type LimitVerdict, MINUTE_MS, monthOf, rateVerdict } from "./rate-window.ts";

export interface KeyUsageReport {
  lastUsedAt: string | null;
  month: string;
  spendThisMonthUsd: number;
}

/**
 * One gateway key's usage: request counts per minute, spend per calendar month, last use.
 * A single object per key, so its limits hold across every isolate and location.
 */
export class KeyUsage extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS minute (bucket INTEGER PRIMARY KEY, n INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS spend (month TEXT PRIMARY KEY, usd REAL NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
  }

  /** Checks the key's limits and, when admitted, counts the request. */
  async admit(limits: NonNullable<KeyRecord["limits"]>, nowMs: number): Promise<LimitVerdict> {
    const sql = this.ctx.storage.sql;
    if (limits.monthlyBudgetUsd !== undefined) {
      const verdict = budgetVerdict(this.spent(monthOf(nowMs)), limits.monthlyBudgetUsd, nowMs);
      if (!verdict.ok) return verdict;
    }
    const bucket = Math.floor(nowMs / MINUTE_MS);
    if (limits.requestsPerMinute !== undefined) {
      const counts = new Map(
        sql
          .exec<{ bucket: number; n: number }>("SELECT bucket, n FROM minute WHERE bucket >= ?", bucket - 1)
          .toArray()
          .map((r) => [r.bucket, r.n]),
      );
      const verdict = rateVerdict(
        counts.get(bucket - 1) ?? 0,
        counts.get(bucket) ?? 0,
        nowMs - bucket * MINUTE_MS,
        limits.requestsPerMinute,
      );
      if (!verdict.ok) return verdict;
    }
    sql.exec("INSERT INTO minute (bucket, n) VALUES (?, 1) ON CONFLICT (bucket) DO UPDATE SET n = n + 1", bucket);
    sql.exec("DELETE FROM minute WHERE bucket < ?", bucket - 1);
    this.touch(nowMs);
    return { ok: true };
  }

  /** Adds a request's cost (from its log) to the month's spend. */
  async addSpend(usd: number, atMs: number): Promise<void> {
    if (!(usd > 0)) return;
    this.ctx.storage.sql.exec(
      "INSERT INTO spend (month, usd) VALUES (?, ?) ON CONFLICT (month) DO UPDATE SET usd = usd + excluded.usd",
      monthOf(atMs),
      usd,
    );
  }

  touch(atMs: number): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('lastUsedAt', ?)", new Date(atMs).toISOString());
  }

  async report(nowMs: number): Promise<KeyUsageReport> {
    const month = monthOf(nowMs);
    const last = this.ctx.storage.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'lastUsedAt'").toArray()[0];
    return { lastUsedAt: last?.v ?? null, month, spendThisMonthUsd: this.spent(month) };
  }

  private spent(month: string): number {
    return this.ctx.storage.sql.exec<{ usd: number }>("SELECT usd FROM spend WHERE month = ?", month).toArray()[0]?.usd ?? 0;
  }
}
