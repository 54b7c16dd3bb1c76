import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClaudeCode } from "../support/claude-code.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { type ScriptedBlock, scriptedAnthropic } from "../support/scripted-anthropic.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const TARGET_MODEL = "claude-target-model";
const MARKER = "passthrough-marker.txt";
const t = useTenant();

/** Blocks whose tool result came back get text naming it; a request offering Glob gets a Glob call; the rest, thinking and text. */
function script(body: Record<string, any>): ScriptedBlock[] {
  const last = body.messages?.at(-1);
  const result = Array.isArray(last?.content) ? last.content.find((b: any) => b.type === "tool_result") : undefined;
  if (result) {
    const text = typeof result.content === "string" ? result.content : JSON.stringify(result.content);
    return [{ type: "text", text: `The tool said: ${text}` }];
  }
  if (body.tools?.some((tool: any) => tool.name === "Glob"))
    return [{ type: "tool_use", id: "toolu_glob_1", name: "Glob", input: { pattern: "*.txt" } }];
  return [
    { type: "thinking", thinking: "The user wants a short answer." },
    { type: "text", text: "Native hello." },
  ];
}

const upstream = scriptedAnthropic(script);
let server: LoopbackUpstream;
let home: string;

beforeAll(async () => {
  server = await startLoopbackUpstream(upstream.handle);
  await admin("PUT", `/tenants/${t.tenant}/providers/claude`, { type: "anthropic", baseUrl: server.baseUrl, apiKey: "sk-ant-loopback" });
  // An OpenAI-format primary that fails first: the Anthropic target is reached by failover.
  await admin("PUT", `/tenants/${t.tenant}/workflows/pt-main`, {
    targets: [
      { provider: "primary", model: "status-503" },
      { provider: "claude", model: TARGET_MODEL },
    ],
    retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
  });
  home = mkdtempSync(join(tmpdir(), "passthrough-e2e-"));
});
afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Claude Code's request shape: cached system blocks, adaptive thinking, context management, output config, user id, tools. */
const claudeCodeShape = {
  model: "pt-main",
  max_tokens: 32000,
  system: [
    { type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } },
    { type: "text", text: "Answer briefly.", cache_control: { type: "ephemeral", ttl: "1h" } },
  ],
  messages: [{ role: "user", content: [{ type: "text", text: "hello", cache_control: { type: "ephemeral" } }] }],
  thinking: { type: "adaptive" },
  context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
  output_config: { effort: "medium" },
  metadata: { user_id: "user_abc_account__session_123" },
  tools: [{ name: "Read", description: "Read a file", input_schema: { type: "object", properties: { path: { type: "string" } } } }],
  tool_choice: { type: "auto" },
  temperature: 1,
};
const BETA = "claude-code-20250219,context-management-2025-06-27,interleaved-thinking-2025-05-14";

/** An SDK client whose fetch keeps the raw bodies it sends. */
function recordingClient() {
  const sent: string[] = [];
  const client = new Anthropic({
    baseURL: gatewayUrl(),
    apiKey: t.key,
    maxRetries: 0,
    timeout: 20_000,
    fetch: async (url, init) => {
      if (typeof init?.body === "string") sent.push(init.body);
      return fetch(url, init);
    },
  });
  return { client, sent };
}

const asSentUpstream = (clientBody: string) => clientBody.replace('"model":"pt-main"', `"model":"${TARGET_MODEL}"`);

describe("/v1/messages to an Anthropic target: the request and the answer pass through", () => {
  it("streamed: the body byte for byte (model aside), the beta header, the upstream's events as sent; the record has usage and output", async () => {
    const { client, sent } = recordingClient();
    const response = await client.messages
      .create({ ...(claudeCodeShape as any), stream: true }, { headers: { "anthropic-beta": BETA } })
      .asResponse();
    const events = await response.text();
    expect(response.headers.get("x-gateway-provider")).toBe("claude");
    expect(response.headers.get("x-gateway-attempts")).toBe("2");

    const call = upstream.calls.at(-1);
    expect(sent).toHaveLength(1);
    expect(call?.body).toBe(asSentUpstream(sent[0] ?? ""));
    expect(call?.headers.get("anthropic-beta")).toBe(BETA);
    expect(call?.headers.get("x-api-key")).toBe("sk-ant-loopback");
    // Every event exactly once, in order, thinking and pings included, nothing synthesized.
    expect(events).toBe(call?.response);
    expect(events).toContain('"thinking_delta"');

    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.usage).toMatchObject({ completionTokens: 12, estimated: false });
    expect(record.usage.promptTokens).toBeGreaterThanOrEqual(31);
    expect(record.output.text).toBe("Native hello.");
    expect(record.chunks.length).toBeGreaterThan(0);
    expect(record.attempts.at(-1)).toMatchObject({ provider: "claude", decision: "commit", droppedParams: [] });
  });

  it("streamed with the SDK's helper: the final message has the upstream's thinking and text", async () => {
    const { client } = recordingClient();
    const final = await client.messages.stream(claudeCodeShape as any).finalMessage();
    expect(final.content).toMatchObject([
      { type: "thinking", thinking: "The user wants a short answer.", signature: "c2lnbmF0dXJl" },
      { type: "text", text: "Native hello." },
    ]);
    expect(final.model).toBe(TARGET_MODEL);
    expect(final.usage).toMatchObject({ input_tokens: 31, output_tokens: 12, cache_read_input_tokens: 7 });
  });

  it("not streamed: the upstream's message as is", async () => {
    const { client, sent } = recordingClient();
    const response = await client.messages.create(claudeCodeShape as any, { headers: { "anthropic-beta": BETA } }).asResponse();
    const text = await response.text();
    const call = upstream.calls.at(-1);
    expect(call?.body).toBe(asSentUpstream(sent[0] ?? ""));
    expect(call?.headers.get("anthropic-beta")).toBe(BETA);
    expect(text).toBe(call?.response);
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.usage).toMatchObject({ completionTokens: 12, estimated: false });
    expect(record.output.text).toBe("Native hello.");
  });
});

describe("Claude Code through the Messages door to an Anthropic target", () => {
  it("`claude -p` runs a tool turn: the upstream's tool_use reaches Claude Code, which runs Glob and sends the result back", async () => {
    const cwd = mkdtempSync(join(home, "cwd-"));
    writeFileSync(join(cwd, MARKER), "hello\n");
    const before = upstream.calls.length;
    const result = await runClaudeCode({
      args: ["list the text files here", "--allowedTools", "Glob"],
      cwd,
      home,
      baseUrl: gatewayUrl(),
      apiKey: t.key,
      model: "pt-main",
      fastModel: "pt-main",
    });
    expect(result).toMatchObject({ is_error: false, subtype: "success" });
    expect(result.result).toContain("The tool said:");
    expect(result.result).toContain(MARKER);

    const calls = upstream.calls.slice(before);
    const first = calls.find((call) => JSON.parse(call.body).tools?.some((tool: any) => tool.name === "Glob"));
    const firstBody = JSON.parse(first?.body ?? "{}");
    // Claude Code's own fields reached the upstream, with its betas.
    expect(firstBody.model).toBe(TARGET_MODEL);
    expect(Object.keys(firstBody)).toEqual(expect.arrayContaining(["system", "tools", "metadata", "max_tokens", "stream"]));
    expect(JSON.stringify(firstBody.system)).toContain("cache_control");
    expect(first?.headers.get("anthropic-beta")).toBeTruthy();
    // The second turn carries Claude Code's tool_use block and its tool_result, as Claude Code wrote them.
    const followUp = calls.map((call) => JSON.parse(call.body)).find((body) => JSON.stringify(body).includes('"tool_result"'));
    expect(JSON.stringify(followUp?.messages)).toContain("toolu_glob_1");
    expect(JSON.stringify(followUp?.messages)).toContain(MARKER);
  }, 90_000);
});
