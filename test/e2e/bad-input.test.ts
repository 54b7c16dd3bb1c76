import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAnthropicRequest } from "../support/anthropic-wire-server.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { admin, gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const user = [{ role: "user", content: "hi" }];
let anthropic: LoopbackUpstream;

/** Workflow `mixed`: an Anthropic-format target (a native translation reads many fields), then an OpenAI-format one. */
beforeAll(async () => {
  anthropic = await startLoopbackUpstream(handleAnthropicRequest);
  await admin("PUT", `/tenants/${t.tenant}/providers/claude`, { type: "anthropic", baseUrl: anthropic.baseUrl, apiKey: "sk-ant-loopback" });
  await admin("PUT", `/tenants/${t.tenant}/workflows/mixed`, {
    targets: [
      { provider: "claude", model: "claude-loopback" },
      { provider: "primary", model: "echo" },
    ],
    retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
  });
});
afterAll(() => anthropic?.close());

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** OpenAI's error shape, exactly, with the contract's headers. */
async function expectError(res: Response, status: number, param: string | null) {
  const json = (await res.json()) as any;
  expect(res.status, JSON.stringify(json)).toBe(status);
  expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(json.error.param).toBe(param);
  expect(json.error.message.length).toBeLessThan(1_000);
  expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  expect(res.headers.get("x-gateway-attempts")).toBe("0");
  return json.error;
}

describe("a bad model is a 400 or a 404, never a 500", () => {
  it.each<[string, unknown, number]>([
    ["missing", undefined, 400],
    ["empty", "", 400],
    ["a number", 42, 400],
    ["null", null, 400],
    ["an object", { name: "mixed" }, 400],
    ["100 KB long", "m".repeat(100_000), 400],
    ["500 chars (not a name the admin API accepts)", "m".repeat(500), 404],
    ["a direct route with a long model", `primary/${"m".repeat(400)}`, 404],
    ["multi-byte characters past KV's key limit", "模".repeat(300), 404],
    ["a control character", "mixed\u0000", 404],
    ["an unknown name", "no-such-workflow", 404],
  ])("model %s", async (_, model, status) => {
    await expectError(await post({ model, messages: user }), status, "model");
  });
});

describe("every field the gateway reads: a wrong type is a 400 naming it", () => {
  it.each<[Record<string, unknown>, string]>([
    [{ messages: "hi" }, "messages"],
    [{ messages: [null] }, "messages[0]"],
    [{ messages: [{ role: "user", content: 5 }] }, "messages[0].content"],
    [{ messages: [{ role: "user", content: [{ type: "text" }] }] }, "messages[0].content[0].text"],
    [
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: "https://x.test/a.png" }] }] },
      "messages[0].content[0].image_url",
    ],
    [{ messages: [...user, { role: "assistant", tool_calls: "x" }] }, "messages[1].tool_calls"],
    [{ messages: [...user, { role: "assistant", tool_calls: [{ id: "c", type: "function" }] }] }, "messages[1].tool_calls[0].function"],
    [{ stream: "yes" }, "stream"],
    [{ stream_options: 5 }, "stream_options"],
    [{ stream: true, stream_options: { include_usage: "yes" } }, "stream_options.include_usage"],
    [{ n: "2" }, "n"],
    [{ n: 0 }, "n"],
    [{ n: 1.5 }, "n"],
    [{ max_tokens: "100" }, "max_tokens"],
    [{ max_completion_tokens: -1 }, "max_completion_tokens"],
    [{ temperature: "hot" }, "temperature"],
    [{ top_p: [] }, "top_p"],
    [{ stop: 5 }, "stop"],
    [{ stop: ["a", 1] }, "stop[1]"],
    [{ tools: "x" }, "tools"],
    [{ tools: [{ type: "function" }] }, "tools[0].function"],
    [{ tools: [{ type: "function", function: { name: 5 } }] }, "tools[0].function.name"],
    [{ tool_choice: 5 }, "tool_choice"],
    [{ tool_choice: { type: "function" } }, "tool_choice.function"],
    [{ parallel_tool_calls: "no" }, "parallel_tool_calls"],
    [{ response_format: "json" }, "response_format"],
    [{ response_format: { type: "json_schema" } }, "response_format.json_schema"],
    [{ response_format: { type: "json_schema", json_schema: { name: "x", schema: "{}" } } }, "response_format.json_schema.schema"],
    [{ user: 7 }, "user"],
    [{ seed: "7" }, "seed"],
    [{ presence_penalty: "1" }, "presence_penalty"],
    [{ logit_bias: { "50256": "high" } }, "logit_bias.50256"],
  ])("%j → param %s", async (fields, param) => {
    const error = await expectError(await post({ model: "mixed", messages: user, ...fields }), 400, param);
    expect(error.type).toBe("invalid_request_error");
  });

  it("valid values of the same fields still work, nulls included (OpenAI's 'not given')", async () => {
    const res = await post({
      model: "mixed",
      messages: user,
      n: null,
      temperature: null,
      stop: null,
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } }],
      tool_choice: "none",
      response_format: { type: "text" },
      stream_options: null,
      user: "u-1",
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["tool_choice: null", { tool_choice: null, tools: [{ type: "function", function: { name: "f" } }] }, "claude"],
    ["a tool_choice of another kind", { tool_choice: { type: "allowed_tools", allowed_tools: { mode: "auto", tools: [] } } }, "claude"],
    ["a custom (non-function) tool: the native target is skipped", { tools: [{ type: "custom", custom: { name: "grep" } }] }, "primary"],
  ])("what OpenAI accepts never breaks a native translation: %s", async (_, fields, servedBy) => {
    const res = await post({ model: "mixed", messages: user, ...fields });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("x-gateway-provider")).toBe(servedBy);
  });

  it("the record of a refused request keeps the body as sent, on the chat and Messages doors too", async () => {
    const chat = await post({ model: "mixed", messages: user, stream: true, tools: [{ type: "function" }] });
    expect(chat.status).toBe(400);
    expect(await logRecord(t.tenant, chat.headers.get("x-request-id"))).toMatchObject({
      httpStatus: 400,
      stream: true,
      request: { model: "mixed", stream: true, tools: [{ type: "function" }] },
    });
    const messages = await fetch(`${gatewayUrl()}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: "{not json",
    });
    expect(messages.status).toBe(400);
    expect(await logRecord(t.tenant, messages.headers.get("x-request-id"))).toMatchObject({
      httpStatus: 400,
      // A body that is not JSON is kept as its text, a JSON string (docs/semantics.md).
      request: "{not json",
    });
  });

  it("the SDK raises BadRequestError naming the param", async () => {
    const error = await t
      .client()
      .chat.completions.create({ model: "mixed", messages: user as never, tools: [{ type: "function" }] as never })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe("tools[0].function");
  });
});

describe("x-gateway-attempts on every data-plane response", () => {
  it("0 on errors before any attempt: 400, 401, 404, 413", async () => {
    const responses = [
      await post("{oops"),
      await post({ model: "mixed", messages: user }, { authorization: "Bearer sk-wrong" }),
      await fetch(`${gatewayUrl()}/v1/nothing-here`, { headers: { authorization: `Bearer ${t.key}` } }),
      await post({ model: "mixed", messages: [{ role: "user", content: "x".repeat(5 * 1024 * 1024) }] }),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 401, 404, 413]);
    for (const res of responses) expect(res.headers.get("x-gateway-attempts"), String(res.status)).toBe("0");
  });

  it("the real count when attempts were made", async () => {
    const name = await t.workflow("counted", "status-503", "echo");
    const res = await post({ model: name, messages: user });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-gateway-attempts")).toBe("3");
  });
});

describe("/v1/models/{id} with odd ids", () => {
  it.each([
    ["malformed percent-encoding", "%E0%A4%A"],
    ["a lone percent sign", "%"],
    ["encoded slashes and dots", "a%2Fb%2F..%2F.."],
    ["4,000 characters", "x".repeat(4_000)],
    ["an encoded NUL", "%00"],
    ["a trailing encoded space", "mixed%20"],
  ])("%s is a 404 model_not_found", async (_, id) => {
    const res = await fetch(`${gatewayUrl()}/v1/models/${id}`, { headers: { authorization: `Bearer ${t.key}` } });
    const error = await expectError(res, 404, "model");
    expect(error.code).toBe("model_not_found");
  });

  it("a real id still resolves", async () => {
    const res = await fetch(`${gatewayUrl()}/v1/models/mixed`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).id).toBe("mixed");
  });
});
