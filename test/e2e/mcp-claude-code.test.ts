import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaudeCode } from "../support/claude-code.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { type LoopbackMcpServer, startMcpServer } from "../support/mcp-test-server.ts";
import { type ScriptedBlock, scriptedAnthropic } from "../support/scripted-anthropic.ts";
import { admin, gatewayUrl, recordsOf, useTenant } from "./harness.ts";

/** Claude Code names an MCP tool `mcp__<its server name>__<tool>`: here the gateway, then the namespaced tool. */
const TOOL = "mcp__gateway__weather__forecast";
const t = useTenant();

/** A request offering the gateway's tool gets a call to it; one carrying its result gets an answer quoting it. */
function script(body: Record<string, any>): ScriptedBlock[] {
  const last = body.messages?.at(-1);
  const result = Array.isArray(last?.content) ? last.content.find((b: any) => b.type === "tool_result") : undefined;
  if (result) {
    const text = typeof result.content === "string" ? result.content : result.content.map((b: any) => b.text ?? "").join("");
    return [{ type: "text", text: `According to the gateway's tool: ${text}` }];
  }
  if (body.tools?.some((tool: any) => tool.name === TOOL))
    return [{ type: "tool_use", id: "toolu_mcp_1", name: TOOL, input: { city: "Lyon" } }];
  return [{ type: "text", text: "ok" }];
}

const model = scriptedAnthropic(script);
let modelServer: LoopbackUpstream;
let weather: LoopbackMcpServer;
let home: string;

beforeAll(async () => {
  modelServer = await startLoopbackUpstream(model.handle);
  weather = await startMcpServer("weather");
  await admin("PUT", `/tenants/${t.tenant}/providers/claude`, {
    type: "anthropic",
    baseUrl: modelServer.baseUrl,
    apiKey: "sk-ant-loopback",
  });
  await admin("PUT", `/tenants/${t.tenant}/workflows/cc-mcp`, { targets: [{ provider: "claude", model: "claude-scripted" }] });
  await admin("PUT", `/tenants/${t.tenant}/mcp-servers/weather`, { url: weather.url });
  home = mkdtempSync(join(tmpdir(), "claude-code-mcp-"));
});
afterAll(async () => {
  await Promise.all([modelServer?.close(), weather?.close()]);
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("Claude Code through the MCP gateway, offline", () => {
  it("`claude -p --mcp-config` calls a tool through /mcp while its model traffic goes through /v1/messages, and answers from the tool's result", async () => {
    const cwd = mkdtempSync(join(home, "cwd-"));
    const config = join(cwd, "mcp.json");
    // The README's example: one HTTP server, the gateway's /mcp, a gateway key.
    writeFileSync(
      config,
      JSON.stringify({
        mcpServers: { gateway: { type: "http", url: `${gatewayUrl()}/mcp`, headers: { Authorization: `Bearer ${t.key}` } } },
      }),
    );
    const result = await runClaudeCode({
      args: ["What is the weather in Lyon?", "--mcp-config", config, "--strict-mcp-config", "--allowedTools", TOOL],
      cwd,
      home,
      baseUrl: gatewayUrl(),
      apiKey: t.key,
      model: "cc-mcp",
      fastModel: "cc-mcp",
      // MCP tools offered to the model up front (not behind Claude Code's ToolSearch), as the scripted model expects.
      env: { ENABLE_TOOL_SEARCH: "false" },
    });
    expect(result).toMatchObject({ is_error: false, subtype: "success" });
    expect(result.result).toContain("According to the gateway's tool: The forecast for Lyon: violet hail, 13 degrees.");

    // The tool ran once, on the tenant's server, reached through the gateway.
    expect(weather.ran.forecast).toBe(1);
    // The model saw the tool (namespaced) and its result through /v1/messages.
    const offered = model.calls.map((c) => JSON.parse(c.body)).find((b) => b.tools?.some((tool: any) => tool.name === TOOL));
    expect(offered).toBeDefined();
    // Both the tool call and the model calls have their records in the tenant's log.
    const [call] = (await recordsOf(t.tenant, "mcp", 1)).filter((r) => r.mcp?.method === "tools/call");
    expect(call).toMatchObject({ outcome: "completed", servedBy: { provider: "weather", model: "forecast" }, mcp: { tool: "forecast" } });
    expect(call.mcp.result).toContain("violet hail");
    expect((await recordsOf(t.tenant, "cc-mcp", 2)).length).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
