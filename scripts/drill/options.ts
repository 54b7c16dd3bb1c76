import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DrillError } from "./admin-api.ts";
import { CHECK_IDS, type CheckId } from "./check.ts";

export const USAGE = `usage: npm run drill -- --url <gateway base URL> [--key <gateway key>] [options]

  --admin-token T        set up a drill-<random> tenant with faux workflows through the admin API, delete it after
  --config drill.json    without an admin token: {"workflows": {"<check>": "<workflow>"}, "paceMs"?, "idleMs"?, "keepaliveMs"?}
  --target T             gateway (default) | openai-compatible (any OpenAI-compatible endpoint; needs --model)
  --model M              the model for --target openai-compatible
  --only a,b             run only these checks (repeatable)
  --json out.json        write the results as JSON
  --junit out.xml        write the results as JUnit XML
  --first-event-ms N     budget for the first content chunk (default 2000)
  --slack-ms N           allowed lateness of timeouts and keepalives (default 1000)

checks: ${CHECK_IDS.join(", ")}`;

/** The operator's drill config: which of their workflows exercises which check, and the timings they set. */
const configSchema = z.strictObject({
  workflows: z.partialRecord(z.enum(CHECK_IDS), z.string().min(1)),
  paceMs: z.int().positive().optional(),
  idleMs: z.int().positive().optional(),
  keepaliveMs: z.int().positive().optional(),
});
export type DrillConfig = z.infer<typeof configSchema>;

export interface DrillOptions {
  url: string;
  key: string | null;
  adminToken: string | null;
  config: DrillConfig | null;
  target: "gateway" | "openai-compatible";
  model: string | null;
  only: CheckId[] | null;
  json: string | null;
  junit: string | null;
  firstEventBudgetMs: number;
  slackMs: number;
  help: boolean;
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new DrillError(`${name} must be a positive whole number of ms`);
  return n;
}

function readConfig(path: string): DrillConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DrillError(`cannot read ${path}: ${error instanceof Error ? error.message : error}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw new DrillError(`${path} is not a drill config:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The command line, validated: the drill refuses a combination it could not run rather than guessing. */
export function parseOptions(argv: string[]): DrillOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      key: { type: "string" },
      "admin-token": { type: "string" },
      config: { type: "string" },
      target: { type: "string", default: "gateway" },
      model: { type: "string" },
      only: { type: "string", multiple: true },
      json: { type: "string" },
      junit: { type: "string" },
      "first-event-ms": { type: "string" },
      "slack-ms": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const options: DrillOptions = {
    url: values.url ?? "",
    key: values.key ?? null,
    adminToken: values["admin-token"] ?? null,
    config: null,
    target: values.target as DrillOptions["target"],
    model: values.model ?? null,
    only: null,
    json: values.json ?? null,
    junit: values.junit ?? null,
    firstEventBudgetMs: positiveInt(values["first-event-ms"], "--first-event-ms", 2_000),
    slackMs: positiveInt(values["slack-ms"], "--slack-ms", 1_000),
    help: values.help,
  };
  if (options.help) return options;
  if (!options.url) throw new DrillError("--url is required");
  if (options.target !== "gateway" && options.target !== "openai-compatible")
    throw new DrillError("--target is gateway or openai-compatible");
  if (values.only) {
    const ids = values.only.flatMap((v) => v.split(",")).map((v) => v.trim());
    const unknown = ids.filter((id) => !(CHECK_IDS as readonly string[]).includes(id));
    if (unknown.length) throw new DrillError(`unknown check(s): ${unknown.join(", ")}`);
    options.only = ids as CheckId[];
  }
  if (options.target === "openai-compatible") {
    if (!options.key || !options.model) throw new DrillError("--target openai-compatible needs --key and --model");
  } else if (options.adminToken === null) {
    if (!options.key) throw new DrillError("--key is required without --admin-token");
    if (!values.config) throw new DrillError("without --admin-token, name your workflows with --config drill.json");
  }
  if (values.config) options.config = readConfig(values.config);
  return options;
}
