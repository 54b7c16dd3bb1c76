import type { CheckResult } from "./check.ts";

const escapeXml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // XML 1.0 forbids most control characters even escaped; an upstream's text could carry them.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

/** The results as JUnit XML: one testsuite, a testcase per check, `failure` or `skipped` inside it. */
export function junitXml(results: CheckResult[], durationMs: number): string {
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  const cases = results.map((r) => {
    const open = `  <testcase classname="drill" name="${escapeXml(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
    const body =
      r.status === "fail"
        ? `\n    <failure message="${escapeXml(r.observed)}">${escapeXml(`expected: ${r.expectation}\nobserved: ${r.observed}`)}</failure>\n  `
        : r.status === "skip"
          ? `\n    <skipped message="${escapeXml(r.observed)}"/>\n  `
          : "";
    return `${open}${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="drill" tests="${results.length}" failures="${count("fail")}" skipped="${count("skip")}" errors="0" time="${(durationMs / 1000).toFixed(3)}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}
