import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const CODEX = resolve("node_modules/.bin/codex");

/** The environment variable Codex reads the gateway key from (`env_key`). */
const KEY_VARIABLE = "GATEWAY_KEY";

/**
 * Runs Codex CLI (`codex exec`, the npm package's platform binary) offline against the gateway:
 * a throwaway `CODEX_HOME` whose `config.toml` names one custom provider (`base_url` the
 * gateway's `/v1`, `wire_api = "responses"`, the gateway key from `env_key`) and a workflow as
 * the model; no sandbox (Codex's bubblewrap needs namespaces a CI container may lack) and no
 * approvals, in a scratch directory; bounded at 60 s. Returns what Codex printed and its last message.
 */
export async function runCodex(options: {
  prompt: string;
  cwd: string;
  home: string;
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Codex speaks the Responses API's WebSocket mode to the provider (`supports_websockets`). */
  websocket?: boolean;
}): Promise<{ stdout: string; stderr: string; lastMessage: string }> {
  const codexHome = join(options.home, ".codex");
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, "config.toml"),
    [
      `model = ${JSON.stringify(options.model)}`,
      `model_provider = "gateway"`,
      // Offline: no update check, no analytics, no feedback uploads.
      "check_for_update_on_startup = false",
      "[analytics]",
      "enabled = false",
      "[feedback]",
      "enabled = false",
      "[model_providers.gateway]",
      `name = "AI gateway"`,
      `base_url = ${JSON.stringify(`${options.baseUrl}/v1`)}`,
      `wire_api = "responses"`,
      `env_key = "${KEY_VARIABLE}"`,
      // One try per request: a refusal shows at once instead of after Codex's retries.
      "request_max_retries = 0",
      "stream_max_retries = 0",
      ...(options.websocket ? ["supports_websockets = true"] : []),
      "",
    ].join("\n"),
  );
  const lastFile = join(options.home, `last-${Date.now()}.txt`);
  const args = [
    "exec",
    // An unknown config key is an error, not a silent default.
    "--strict-config",
    "--skip-git-repo-check",
    "--ephemeral",
    "--dangerously-bypass-approvals-and-sandbox",
    "-o",
    lastFile,
    options.prompt,
  ];
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: options.home,
    CODEX_HOME: codexHome,
    [KEY_VARIABLE]: options.apiKey,
    NO_COLOR: "1",
  };
  const { stdout, stderr } = await runBounded(CODEX, args, options.cwd, env, 60_000);
  return { stdout, stderr, lastMessage: readFileSync(lastFile, "utf8") };
}

/** Runs a command with stdin closed (`codex exec` would wait for more input on an open pipe); rejects on a non-zero exit or after `timeoutMs`. */
function runBounded(command: string, args: string[], cwd: string, env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (part) => (stdout += part));
    child.stderr.on("data", (part) => (stderr += part));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done({ stdout, stderr });
      else fail(new Error(`codex exited with ${code ?? signal}:\n${stderr.slice(-4_000)}`));
    });
  });
}
