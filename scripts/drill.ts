/**
 * The streaming acceptance drill: `npm run drill -- --url <gateway> [--key K] [--admin-token T] …`.
 *
 * Runs checks against a running gateway (local or deployed) with raw fetch and the official
 * openai SDK, prints a table (check, result, time, expectation, observed) on stdout and progress
 * on stderr, and exits 1 when any check fails (2 when it could not run at all). With an admin
 * token it builds a throwaway `drill-<random>` tenant of faux workflows and deletes it after.
 * See README "Drill your streaming path" and `--help`.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import OpenAI from "openai";
import { type AdminApi, adminApi, DrillError } from "./drill/admin-api.ts";
import type { CheckId, CheckResult, DrillContext, DrillMode, DrillSettings } from "./drill/check.ts";
import { CHECKS } from "./drill/checks/index.ts";
import { FIXTURE_SETTINGS, type Fixture, setUpFixture } from "./drill/fixture.ts";
import { junitXml } from "./drill/junit.ts";
import { type DrillOptions, parseOptions, USAGE } from "./drill/options.ts";
import { formatTable, jsonReport, summaryLine } from "./drill/report.ts";
import { skipReason } from "./drill/skip-reason.ts";

/** Bound on any one request the drill makes; its own slowest check needs ~4 s. */
const REQUEST_TIMEOUT_MS = 20_000;

const progress = (line: string) => process.stderr.write(`drill: ${line}\n`);

/** `https://gw.example.com` and `https://gw.example.com/v1` both name the same gateway. */
function urls(url: string) {
  const root = url.replace(/\/+$/, "").replace(/\/v1$/, "");
  return { root, baseUrl: `${root}/v1` };
}

function contextFor(options: DrillOptions, fixture: Fixture | null, admin: AdminApi | null, prompt: string): DrillContext {
  const mode: DrillMode = options.target === "openai-compatible" ? "openai-compatible" : fixture ? "admin" : "config";
  const { baseUrl } = urls(options.url);
  const key = fixture?.key ?? options.key ?? "";
  const config = options.config;
  const settings: DrillSettings = {
    ...(fixture
      ? FIXTURE_SETTINGS
      : { paceMs: config?.paceMs ?? null, idleMs: config?.idleMs ?? null, keepaliveMs: config?.keepaliveMs ?? null }),
    firstEventBudgetMs: options.firstEventBudgetMs,
    slackMs: options.slackMs,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  };
  return {
    mode,
    baseUrl,
    key,
    workflowFor: (check: CheckId) =>
      mode === "openai-compatible" ? (options.model ?? undefined) : fixture ? fixture.workflowFor(check) : config?.workflows[check],
    admin: fixture ? admin : null,
    tenant: fixture?.facts.tenant ?? null,
    fixture: fixture?.facts ?? null,
    settings,
    prompt,
    // The SDK's own retries are off so what the drill sees is what the gateway did.
    sdk: () => new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0, timeout: REQUEST_TIMEOUT_MS }),
  };
}

async function runChecks(ctx: DrillContext, only: CheckId[] | null): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (only && !only.includes(check.id)) continue;
    const workflow = ctx.workflowFor(check.id);
    const reason = skipReason(check, ctx.mode, ctx.admin !== null, workflow);
    const base = { id: check.id, expectation: check.expectation };
    if (reason !== null || workflow === undefined) {
      results.push({ ...base, status: "skip", observed: reason ?? "no workflow", durationMs: 0 });
      progress(`${check.id}: skipped (${reason})`);
      continue;
    }
    progress(`${check.id} …`);
    const started = performance.now();
    const outcome = await check.run(ctx, workflow).catch((error: unknown) => ({
      status: "fail" as const,
      observed: `threw ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`,
    }));
    const durationMs = Math.round(performance.now() - started);
    results.push({ ...base, ...outcome, durationMs });
    progress(`${check.id}: ${outcome.status.toUpperCase()} (${durationMs} ms)`);
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const prompt = `Count from 1 to 30, separated by spaces. (drill ${randomBytes(4).toString("hex")})`;
  const admin = options.adminToken && options.target === "gateway" ? adminApi(urls(options.url).root, options.adminToken) : null;
  const fixture = admin ? await setUpFixture(admin, prompt, progress) : null;
  // Ctrl-C still deletes the drill's tenant.
  const onInterrupt = () => {
    progress("interrupted");
    void (fixture?.teardown() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", onInterrupt);
  let results: CheckResult[];
  try {
    const ctx = contextFor(options, fixture, admin, prompt);
    progress(`${ctx.mode} mode against ${ctx.baseUrl}`);
    results = await runChecks(ctx, options.only);
  } finally {
    process.off("SIGINT", onInterrupt);
    await fixture?.teardown();
  }
  const durationMs = Math.round(performance.now() - started);
  console.log(formatTable(results));
  console.log(summaryLine(results, durationMs));
  const mode = options.target === "openai-compatible" ? "openai-compatible" : fixture ? "admin" : "config";
  if (options.json)
    writeFileSync(options.json, `${JSON.stringify(jsonReport({ url: options.url, mode, startedAt, durationMs }, results), null, 2)}\n`);
  if (options.junit) writeFileSync(options.junit, junitXml(results, durationMs));
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof DrillError ? `drill: ${error.message}\n\n${USAGE}` : error);
      process.exit(2);
    },
  );
}
