/**
 * The wait an upstream asks for, in ms: `retry-after-ms` (OpenAI), else `retry-after`
 * as seconds or an HTTP date. Null when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Headers, nowMs: number = Date.now()): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
