import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RecordingProxy, startRecordingProxy } from "../support/recording-proxy.ts";
import { gatewayUrl, useTenant } from "./harness.ts";

const run = promisify(execFile);
const CLAUDE = resolve("node_modules/.bin/claude");
const t = useTenant();
let proxy: RecordingProxy;
let home: string;

beforeAll(async () => {
  await t.workflow("cc-main", "status-503", "echo");
  await t.workflow("cc-fast", "echo");
  // Between Claude Code and the gateway: records every request as Claude Code sent it.
  proxy = await startRecordingProxy(gatewayUrl());
  home = mkdtempSync(join(tmpdir(), "claude-code-e2e-"));
});
afterAll(async () => {
  await proxy?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("Claude Code through the Messages door, offline", () => {
  it("`claude -p` answers through a workflow whose targets are an OpenAI-compatible loopback server", async () => {
    const cwd = mkdtempSync(join(home, "cwd-"));
    const { stdout } = await run(CLAUDE, ["-p", "say hi", "--output-format", "json"], {
      cwd,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        CLAUDE_CONFIG_DIR: join(home, ".claude"),
        ANTHROPIC_BASE_URL: proxy.url,
        ANTHROPIC_API_KEY: t.key,
        ANTHROPIC_MODEL: "cc-main",
        ANTHROPIC_SMALL_FAST_MODEL: "cc-fast",
        DISABLE_TELEMETRY: "1",
        DISABLE_AUTOUPDATER: "1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        DISABLE_ERROR_REPORTING: "1",
      },
    });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ is_error: false, subtype: "success" });
    expect(result.result).toContain("Echo:");
    expect(result.result).toContain("say hi");

    // Every request Claude Code sent was accepted, whatever fields it carried.
    const messages = proxy.requests.filter((r) => r.url.startsWith("/v1/messages"));
    expect(messages.length).toBeGreaterThan(0);
    expect(proxy.requests.map((r) => `${r.method} ${r.url} ${r.status}`).filter((line) => !/ 200$/.test(line))).toEqual([]);
    const sent = JSON.parse(messages.at(-1)?.body ?? "{}");
    expect(Object.keys(sent)).toEqual(expect.arrayContaining(["model", "messages", "system", "tools", "metadata", "max_tokens", "stream"]));
    expect(messages.at(-1)?.headers["x-api-key"]).toBe(t.key);
    // It reached the loopback upstream as a chat request, with Claude Code's tools as function tools.
    const upstream = t.upstream.callsFor("echo").at(-1)?.body;
    expect(upstream?.tools?.length).toBe(sent.tools.length);
    expect(upstream?.messages[0]).toMatchObject({ role: "system" });
    for (const field of ["thinking", "context_management", "output_config", "metadata"]) expect(upstream).not.toHaveProperty(field);
  }, 90_000);
});
