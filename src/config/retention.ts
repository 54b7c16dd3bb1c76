const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** How long request logs are kept: `LOG_RETENTION_DAYS` (default 30). */
export function retentionMs(env: { LOG_RETENTION_DAYS?: string }): number {
  const days = Number(env.LOG_RETENTION_DAYS);
  return (Number.isFinite(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS) * DAY_MS;
}
