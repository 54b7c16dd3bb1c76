import { DurableObject } from "cloudflare:workers";
import { applyOutcome, freshHealth, type HealthOutcome, type TargetHealth, targetKey } from "./target-health.ts";

/** A target nobody has reported on for this long is forgotten (its row deleted by the alarm). */
const IDLE_RETENTION_MS = 7 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * One tenant's target health (docs/storage.md): a row per (provider, model) target, updated by
 * batches of attempt outcomes after responses, read whole by isolates every few seconds and by
 * the admin API. One object per tenant, so every isolate and location shares one circuit.
 */
export class ProviderHealth extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS target (key TEXT PRIMARY KEY, health TEXT NOT NULL, updated_at INTEGER NOT NULL)");
  }

  /** Applies a batch of outcomes in their order: one row read and written per target touched. */
  async report(outcomes: HealthOutcome[]): Promise<void> {
    const touched = new Map<string, TargetHealth>();
    for (const outcome of outcomes) {
      const key = targetKey(outcome);
      const current = touched.get(key) ?? this.read(key) ?? freshHealth(outcome, outcome.policy, outcome.at);
      touched.set(key, applyOutcome(current, outcome));
    }
    for (const [key, health] of touched)
      this.ctx.storage.sql.exec(
        "INSERT OR REPLACE INTO target (key, health, updated_at) VALUES (?, ?, ?)",
        key,
        JSON.stringify(health),
        health.updatedAt,
      );
    if (touched.size > 0 && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + DAY_MS);
  }

  /** Every target's health: what an isolate's copy and the admin API read. */
  async snapshot(): Promise<TargetHealth[]> {
    return this.ctx.storage.sql
      .exec<{ health: string }>("SELECT health FROM target ORDER BY key")
      .toArray()
      .map((row) => JSON.parse(row.health) as TargetHealth);
  }

  /** Forgets a target's health: it is closed, with no evidence, from the next read on. */
  async reset(key: string): Promise<boolean> {
    return this.ctx.storage.sql.exec("DELETE FROM target WHERE key = ?", key).rowsWritten > 0;
  }

  /** Daily: drops targets with no outcome for a week (removed from workflows, or unused). */
  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM target WHERE updated_at < ?", Date.now() - IDLE_RETENTION_MS);
    const left = sql.exec<{ n: number }>("SELECT count(*) AS n FROM target").one().n;
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + DAY_MS);
  }

  private read(key: string): TargetHealth | undefined {
    const row = this.ctx.storage.sql.exec<{ health: string }>("SELECT health FROM target WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.health) as TargetHealth) : undefined;
  }
}
