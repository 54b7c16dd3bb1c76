import { Agent, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from "@openai/agents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { scriptedAgent } from "../support/scripted-agent.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const agent = scriptedAgent("responses");
let upstream: LoopbackUpstream;
const TARGET_MODEL = "gpt-5-codex-loopback";

/** A request as Codex CLI shapes it: every field a chat target has no use for is here. */
const codexShape = (model: string) => ({
  model,
  instructions: "You are a coding agent.",
  input: [
    { type: "message", role: "developer", content: [{ type: "input_text", text: "sandbox rules" }] },
    { type: "message", role: "user", content: [{ type: "input_text", text: "say hello" }] },
  ],
  tools: [
    { type: "function", name: "exec_command", strict: false, parameters: { type: "object", properties: { cmd: { type: "string" } } } },
    {
      type: "namespace",
      name: "agents",
      description: "sub-agents",
      tools: [{ type: "function", name: "spawn_agent", parameters: { type: "object" } }],
    },
    { type: "web_search", external_web_access: false },
  ],
  tool_choice: "auto",
  parallel_tool_calls: true,
  reasoning: { summary: "auto" },
  store: false,
  stream: true,
  include: ["reasoning.encrypted_content"],
  prompt_cache_key: "thread-1",
  client_metadata: { session_id: "s-1", "x-codex-turn-metadata": "{}" },
});

const post = (body: unknown) =>
  fetch(`${gatewayUrl()}/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  upstream = await startLoopbackUpstream(agent.handle);
  const providers = `/tenants/${t.tenant}/providers`;
  await admin("PUT", `${providers}/native`, {
    type: "openai-compatible",
    baseUrl: upstream.baseUrl,
    apiKey: "sk-native-up",
    api: "responses",
  });
  // The faux upstream answers any path: a 503 model makes a failing Responses-native primary.
  await admin("PUT", `${providers}/native-down`, {
    type: "openai-compatible",
    baseUrl: t.upstream.baseUrl,
    apiKey: "sk-down",
    api: "responses",
  });
  const policy = { retry: { maxAttempts: 1 }, timeouts: { firstEventMs: 2_000, idleMs: 2_000, totalMs: 15_000, keepaliveMs: 5_000 } };
  await admin("PUT", `/tenants/${t.tenant}/workflows/native-wf`, { targets: [{ provider: "native", model: TARGET_MODEL }], ...policy });
  await admin("PUT", `/tenants/${t.tenant}/workflows/native-failover`, {
    targets: [
      { provider: "native-down", model: "status-503" },
      { provider: "primary", model: "echo" },
    ],
    ...policy,
  });
  // Hosted tools refused for translated targets: the chat target is passed over, the native one serves.
  await admin("PUT", `/tenants/${t.tenant}/workflows/refuse-hosted`, {
    targets: [
      { provider: "primary", model: "echo" },
      { provider: "native", model: TARGET_MODEL },
    ],
    hostedTools: "refuse",
    ...policy,
  });
  await admin("PUT", `/tenants/${t.tenant}/workflows/refuse-hosted-chat`, {
    targets: [{ provider: "primary", model: "echo" }],
    hostedTools: "refuse",
    ...policy,
  });
});
afterAll(async () => {
  await upstream?.close();
});

describe('/v1/responses to a Responses-native target (`api: "responses"`)', () => {
  it("the body goes to the upstream's /responses as sent (model aside); its events come back as sent; the record has usage", async () => {
    const sent = codexShape("native-wf");
    const response = await post(sent);
    expect(response.status).toBe(200);
    const events = await response.text();
    expect(response.headers.get("x-gateway-provider")).toBe("native");
    expect(response.headers.get("x-gateway-dropped-params")).toBeNull();

    const call = upstream.calls.at(-1);
    expect(call?.body).toEqual({ ...sent, model: TARGET_MODEL });
    expect(call?.headers.authorization).toBe("Bearer sk-native-up");
    // Every event exactly once, in order (reasoning with its encrypted content included), nothing synthesized.
    expect(events).toBe(agent.answers.at(-1));
    expect(events).toContain('"encrypted_content":"gAAAA-opaque"');

    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.request).toEqual(sent);
    expect(record.usage).toMatchObject({ promptTokens: 42, completionTokens: 6, estimated: false });
    expect(record.output.text).toBe("Echo: say hello");
    expect(record.attempts).toMatchObject([{ provider: "native", decision: "commit", droppedParams: [] }]);
    expect(record.attemptBodies[0]).toEqual({ ...sent, model: TARGET_MODEL });
  });

  it("a failing native primary fails over, before commit, to a translated chat target", async () => {
    const sent = codexShape("native-failover");
    const response = await post(sent);
    expect(response.status).toBe(200);
    const events = await response.text();
    expect(response.headers.get("x-gateway-provider")).toBe("primary");
    expect(events).toContain("event: response.completed");
    expect(events).toContain("Echo: say hello");
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.attempts.map((a: any) => [a.provider, a.decision])).toEqual([
      ["native-down", "fallback"],
      ["primary", "commit"],
    ]);
    // The native attempt got the body as sent; the translated one its chat form, with what was left out named.
    expect(record.attemptBodies[0].client_metadata).toEqual(sent.client_metadata);
    expect(record.attemptBodies[1].messages).toBeDefined();
    expect(record.attempts[1].droppedParams).toEqual(expect.arrayContaining(["client_metadata", "include", "tools.web_search"]));
    expect(record.attemptBodies[1].tools.map((tool: any) => tool.function.name)).toEqual(["exec_command", "spawn_agent"]);
  });

  it("hostedTools: refuse refuses translated attempts only, naming the tool; a native target still serves", async () => {
    const served = await post(codexShape("refuse-hosted"));
    expect(served.status).toBe(200);
    await served.text();
    expect(served.headers.get("x-gateway-provider")).toBe("native");
    const record = await logRecord(t.tenant, served.headers.get("x-request-id"));
    expect(record.attempts.map((a: any) => [a.provider, a.errorClass, a.param ?? null])).toEqual([
      ["primary", "unsupported_parameter", "tools[2].type"],
      ["native", null, null],
    ]);
    const refused = await post(codexShape("refuse-hosted-chat"));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({
      code: "unsupported_parameter",
      param: "tools[2].type",
      message: expect.stringContaining("web_search"),
    });
    expect(t.upstream.callsFor("echo")).toHaveLength(1);
  });

  it("the openai SDK's responses.stream reads a native target's events as its own", async () => {
    const stream = t.client().responses.stream({ model: "native-wf", input: "from the SDK", store: false });
    const deltas: string[] = [];
    stream.on("response.output_text.delta", (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe("Echo: from the SDK");
    expect(deltas.join("")).toBe("Echo: from the SDK");
    expect(final.id).toBe("resp_agent_1");
    expect(final.usage).toMatchObject({ input_tokens: 42, output_tokens: 6 });
  });

  it("not streamed: the upstream's Response object as sent; the record has its usage", async () => {
    const response = await post({ model: "native-wf", input: "plain please" });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe(agent.answers.at(-1));
    expect(JSON.parse(text)).toMatchObject({ id: "resp_agent_1", status: "completed" });
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record).toMatchObject({ stream: false, outcome: "completed", usage: { promptTokens: 42, completionTokens: 6 } });
    expect(record.output.text).toBe("Echo: plain please");
  });

  it("previous_response_id naming the upstream's own response goes to a native target as sent; a chat target cannot take it", async () => {
    const first = await t.client().responses.create({ model: "native-wf", input: "remember me" });
    expect(first.id).toBe("resp_agent_1");
    const next = await t.client().responses.create({ model: "native-wf", input: "and now?", previous_response_id: first.id });
    expect(next.output_text).toBe("Echo: and now?");
    expect(upstream.calls.at(-1)?.body).toMatchObject({ previous_response_id: "resp_agent_1", input: "and now?" });
    const chat = await t.workflow("translated-only", "echo");
    const refused = await t
      .client()
      .responses.create({ model: chat, input: "x", previous_response_id: first.id })
      .catch((e) => e);
    expect(refused.status).toBe(400);
    expect(refused.param).toBe("previous_response_id");
  });

  it.each([false, true])("the OpenAI Agents SDK runs an agent on a native target (stream: %s)", async (stream) => {
    setTracingDisabled(true);
    setOpenAIAPI("responses");
    // The Agents SDK pins its own copy of `openai`; the cast only bridges the two copies' types.
    setDefaultOpenAIClient(t.client() as never);
    const agent = new Agent({ name: "echo", instructions: "Repeat.", model: "native-wf" });
    let finalOutput: unknown;
    if (stream) {
      const result = await run(agent, "agents say hi", { stream: true });
      for await (const _ of result.toStream()) {
        // drained: the run advances as its events are read
      }
      await result.completed;
      finalOutput = result.finalOutput;
    } else finalOutput = (await run(agent, "agents say hi")).finalOutput;
    expect(finalOutput).toBe("Echo: agents say hi");
    expect(upstream.calls.at(-1)?.body).toMatchObject({ model: TARGET_MODEL, instructions: "Repeat." });
  });
});
