import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCodex } from "../support/codex-cli.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { type RecordingProxy, startRecordingProxy } from "../support/recording-proxy.ts";
import { AGENT_COMMAND, AGENT_COMMAND_OUTPUT, scriptedAgent } from "../support/scripted-agent.ts";
import { admin, gatewayUrl, recordsOf, useTenant } from "./harness.ts";

const t = useTenant();
const chatAgent = scriptedAgent("chat");
const responsesAgent = scriptedAgent("responses");
const anthropicAgent = scriptedAgent("anthropic");
let chatUpstream: LoopbackUpstream;
let responsesUpstream: LoopbackUpstream;
let anthropicUpstream: LoopbackUpstream;
let proxy: RecordingProxy;
let home: string;

beforeAll(async () => {
  chatUpstream = await startLoopbackUpstream(chatAgent.handle);
  responsesUpstream = await startLoopbackUpstream(responsesAgent.handle);
  anthropicUpstream = await startLoopbackUpstream(anthropicAgent.handle);
  const providers = `/tenants/${t.tenant}/providers`;
  await admin("PUT", `${providers}/agent-chat`, { type: "openai-compatible", baseUrl: chatUpstream.baseUrl, apiKey: "sk-agent-chat" });
  await admin("PUT", `${providers}/agent-native`, {
    type: "openai-compatible",
    baseUrl: responsesUpstream.baseUrl,
    apiKey: "sk-agent-native",
    api: "responses",
  });
  await admin("PUT", `${providers}/agent-anthropic`, { type: "anthropic", baseUrl: anthropicUpstream.baseUrl, apiKey: "sk-ant-agent" });
  const policy = { retry: { maxAttempts: 1 }, timeouts: { firstEventMs: 5_000, idleMs: 5_000, totalMs: 30_000, keepaliveMs: 5_000 } };
  const workflow = (name: string, targets: Array<{ provider: string; model: string }>) =>
    admin("PUT", `/tenants/${t.tenant}/workflows/${name}`, { targets, ...policy });
  await workflow("codex-chat", [{ provider: "agent-chat", model: "agent" }]);
  await workflow("codex-native", [{ provider: "agent-native", model: "agent-native" }]);
  await workflow("codex-ws", [{ provider: "agent-chat", model: "agent" }]);
  // The faux primary answers 503: every request fails over to the Anthropic target.
  await workflow("codex-failover", [
    { provider: "primary", model: "status-503" },
    { provider: "agent-anthropic", model: "claude-loopback" },
  ]);
  // Between Codex and the gateway: records every request as Codex sent it.
  proxy = await startRecordingProxy(gatewayUrl());
  home = mkdtempSync(join(tmpdir(), "codex-e2e-"));
});
afterAll(async () => {
  await proxy?.close();
  await chatUpstream?.close();
  await responsesUpstream?.close();
  await anthropicUpstream?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const codex = (prompt: string, model: string) =>
  runCodex({ prompt, cwd: mkdtempSync(join(home, "cwd-")), home, baseUrl: proxy.url, apiKey: t.key, model });

/** The requests Codex sent to `/v1/responses` since `from`, all of which must have been answered 200. */
function codexRequests(from: number) {
  const sent = proxy.requests.slice(from).filter((r) => r.url.startsWith("/v1/responses"));
  expect(sent.map((r) => `${r.method} ${r.url} ${r.status}`).filter((line) => !/ 200$/.test(line))).toEqual([]);
  return sent.map((r) => ({ ...r, json: JSON.parse(r.body) }));
}

describe("Codex CLI through /v1/responses, offline", () => {
  it("`codex exec` answers through a chat-completions target; the record keeps the body Codex sent, with usage", async () => {
    const from = proxy.requests.length;
    const { lastMessage } = await codex("say hello", "codex-chat");
    expect(lastMessage).toContain("Echo: say hello");

    const [sent] = codexRequests(from);
    expect(sent?.headers.authorization).toBe(`Bearer ${t.key}`);
    // What Codex sends on every turn, all accepted.
    expect(sent?.json).toMatchObject({ model: "codex-chat", stream: true, store: false, include: ["reasoning.encrypted_content"] });
    expect(Object.keys(sent?.json)).toEqual(
      expect.arrayContaining(["client_metadata", "prompt_cache_key", "reasoning", "tools", "parallel_tool_calls"]),
    );
    const upstream = chatUpstream.calls.at(-1)?.body;
    expect(upstream?.tools.map((tool: any) => tool.function.name)).toContain("exec_command");
    for (const field of ["client_metadata", "include", "store"]) expect(upstream).not.toHaveProperty(field);

    const [record] = await recordsOf(t.tenant, "codex-chat");
    const keyless = JSON.stringify(record);
    expect(keyless).not.toContain(t.key);
    expect(record.request).toEqual(sent?.json);
    expect(record).toMatchObject({ httpStatus: 200, stream: true, outcome: "completed" });
    expect(record.usage).toMatchObject({ promptTokens: 42, completionTokens: 6, estimated: false });
    expect(record.attempts[0].droppedParams).toEqual(expect.arrayContaining(["client_metadata", "include", "tools.web_search"]));
  }, 90_000);

  it("a tool round trip: the model calls exec_command, Codex runs it and answers from its output", async () => {
    const from = proxy.requests.length;
    const { lastMessage } = await codex("run the check", "codex-chat");
    expect(lastMessage).toContain(`Tool said:`);
    expect(lastMessage).toContain(AGENT_COMMAND_OUTPUT);

    const sent = codexRequests(from);
    expect(sent.length).toBe(2);
    const followUp = sent[1]?.json.input as any[];
    expect(followUp.find((item) => item.type === "function_call")).toMatchObject({ name: "exec_command", call_id: "call_agent_1" });
    expect(followUp.find((item) => item.type === "function_call")?.arguments).toContain(AGENT_COMMAND.split(" ")[0]);
    expect(JSON.stringify(followUp.find((item) => item.type === "function_call_output"))).toContain(AGENT_COMMAND_OUTPUT);
    const records = await recordsOf(t.tenant, "codex-chat", 3);
    for (const record of records) expect(record.usage).toMatchObject({ estimated: false });
  }, 90_000);

  it("a call of a tool from a namespace group goes back to Codex with its group, so Codex routes it", async () => {
    const from = proxy.requests.length;
    await codex("wait for the helper", "codex-chat");
    const sent = codexRequests(from);
    expect(sent.length).toBe(2);
    const input: any[] = sent[1]?.json.input ?? [];
    expect(input.find((item) => item.type === "function_call")).toMatchObject({ name: "wait_agent", namespace: "multi_agent_v1" });
    const output = JSON.stringify(input.find((item) => item.type === "function_call_output"));
    expect(output).not.toContain("unsupported call");
  }, 90_000);

  it("through a Responses-native target: Codex's body reaches the upstream as sent, and its events (reasoning included) come back", async () => {
    const from = proxy.requests.length;
    const { lastMessage } = await codex("run the check", "codex-native");
    expect(lastMessage).toContain(AGENT_COMMAND_OUTPUT);

    const sent = codexRequests(from);
    expect(sent.length).toBe(2);
    const calls = responsesUpstream.calls.slice(-2);
    for (const [i, call] of calls.entries()) expect(call.body).toEqual({ ...sent[i]?.json, model: "agent-native" });
    // The reasoning item the upstream sent (encrypted content) came back in Codex's next request, unchanged.
    expect(sent[1]?.json.input).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "reasoning", encrypted_content: "gAAAA-opaque" })]),
    );
    const records = await recordsOf(t.tenant, "codex-native", 2);
    for (const record of records) {
      expect(record.usage).toMatchObject({ promptTokens: 42, completionTokens: 6, estimated: false });
      expect(record.attempts[0].droppedParams).toEqual([]);
    }
  }, 90_000);

  it("a tool round trip through an Anthropic target, in failover from a failing primary", async () => {
    const from = proxy.requests.length;
    const { lastMessage } = await codex("run the check", "codex-failover");
    expect(lastMessage).toContain(AGENT_COMMAND_OUTPUT);
    expect(codexRequests(from).length).toBe(2);
    // The command's output reached the Anthropic upstream as a tool_result.
    expect(JSON.stringify(anthropicUpstream.calls.at(-1)?.body.messages.at(-1))).toContain("tool_result");
    const records = await recordsOf(t.tenant, "codex-failover", 2);
    for (const record of records) {
      expect(record.attempts.map((a: any) => [a.provider, a.decision])).toEqual([
        ["primary", "fallback"],
        ["agent-anthropic", "commit"],
      ]);
      expect(record.usage).toMatchObject({ promptTokens: 42, completionTokens: 6, estimated: false });
    }
  }, 90_000);

  it("over the Responses API's WebSocket mode: the same tool round trip, one record per response", async () => {
    const home2 = mkdtempSync(join(home, "ws-"));
    const { lastMessage } = await runCodex({
      prompt: "run the check",
      cwd: mkdtempSync(join(home2, "cwd-")),
      home: home2,
      baseUrl: gatewayUrl(),
      apiKey: t.key,
      model: "codex-ws",
      websocket: true,
    });
    expect(lastMessage).toContain(AGENT_COMMAND_OUTPUT);
    // Two generations (the call, then the answer); Codex's `generate: false` warm-up is answered without one.
    const records = await recordsOf(t.tenant, "codex-ws", 2);
    expect(records.length).toBe(2);
    for (const record of records) {
      expect(record).toMatchObject({ method: "POST", path: "/v1/responses", outcome: "completed" });
      expect(record.usage).toMatchObject({ promptTokens: 42, completionTokens: 6, estimated: false });
    }
    // The turns came over one socket: its upgrade has a record of its own (101).
    const listed = (await admin("GET", `/tenants/${t.tenant}/logs?limit=200`)).data;
    expect(listed.filter((entry: any) => entry.httpStatus === 101).length).toBeGreaterThan(0);
  }, 90_000);
});
