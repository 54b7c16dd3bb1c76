import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaudeCode } from "../support/claude-code.ts";
import { type RecordingProxy, startRecordingProxy } from "../support/recording-proxy.ts";
import { gatewayUrl, useTenant } from "./harness.ts";

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
    const result = await runClaudeCode({
      args: ["say hi"],
      cwd,
      home,
      baseUrl: proxy.url,
      apiKey: t.key,
      model: "cc-main",
      fastModel: "cc-fast",
    });
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
