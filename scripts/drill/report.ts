import type { CheckResult } from "./check.ts";

/**
 * The report as a plain-text table: check, result, time, then the expectation and, on the line
 * below it, what was observed (both are prose, so they get their own lines rather than columns).
 */
export function formatTable(results: CheckResult[]): string {
  const time = (r: CheckResult) => (r.status === "skip" ? "-" : `${r.durationMs} ms`);
  const widths = [Math.max(5, ...results.map((r) => r.id.length)), 6, Math.max(4, ...results.map((r) => time(r).length))];
  const [idW = 0, statusW = 0, timeW = 0] = widths;
  const indent = " ".repeat(idW + statusW + timeW + 6);
  const head = `${"check".padEnd(idW)}  ${"result".padEnd(statusW)}  ${"time".padEnd(timeW)}  expectation / → observed`;
  const rows = results.map(
    (r) =>
      `${r.id.padEnd(idW)}  ${r.status.toUpperCase().padEnd(statusW)}  ${time(r).padStart(timeW)}  ${r.expectation}\n${indent}→ ${r.observed}`,
  );
  return [head, ...rows].join("\n");
}

/** One line: how many passed, failed, were skipped, and how long the drill took. */
export function summaryLine(results: CheckResult[], durationMs: number): string {
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  return `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped in ${(durationMs / 1000).toFixed(1)} s`;
}

/** The machine-readable report (`--json`). */
export function jsonReport(meta: { url: string; mode: string; startedAt: string; durationMs: number }, results: CheckResult[]) {
  return { ...meta, passed: results.every((r) => r.status !== "fail"), checks: results };
}
