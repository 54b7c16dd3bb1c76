import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CLAUDE = resolve("node_modules/.bin/claude");

/**
 * Runs Claude Code (`claude -p`, the npm package's binary) offline against the gateway: its base
 * URL, a gateway key as its API key, workflow names as its models, telemetry and updates off, a
 * throwaway home. Bounded at 60 s. Returns its parsed `--output-format json` result.
 */
export async function runClaudeCode(options: {
  args: string[];
  cwd: string;
  home: string;
  baseUrl: string;
  apiKey: string;
  model: string;
  fastModel: string;
  /** Extra environment for this run (e.g. `ENABLE_TOOL_SEARCH`). */
  env?: Record<string, string>;
}): Promise<any> {
  const { stdout } = await run(CLAUDE, ["-p", ...options.args, "--output-format", "json"], {
    cwd: options.cwd,
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: options.home,
      CLAUDE_CONFIG_DIR: join(options.home, ".claude"),
      ANTHROPIC_BASE_URL: options.baseUrl,
      ANTHROPIC_API_KEY: options.apiKey,
      ANTHROPIC_MODEL: options.model,
      ANTHROPIC_SMALL_FAST_MODEL: options.fastModel,
      DISABLE_TELEMETRY: "1",
      DISABLE_AUTOUPDATER: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_ERROR_REPORTING: "1",
      ...options.env,
    },
  });
  return JSON.parse(stdout);
}
