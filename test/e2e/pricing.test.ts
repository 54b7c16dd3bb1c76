import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleFauxRequest } from "../../src/providers/faux/faux-server.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { scriptedAnthropic } from "../support/scripted-anthropic.ts";
import { admin, logRecord, useTenant } from "./harness.ts";

/**
 * Prices through the running gateway: an Anthropic-typed target that reports cache reads and
 * writes, and an OpenAI-typed one, each priced from the list table against the provider's
 * published price (USD per million tokens).
 */
const t = useTenant();
let claude: LoopbackUpstream;
let openai: LoopbackUpstream;
const M = 1e6;

beforeAll(async () => {
  const scripted = scriptedAnthropic(() => [{ type: "text", text: "priced" }]);
  claude = await startLoopbackUpstream(scripted.handle);
  await admin("PUT", `/tenants/${t.tenant}/providers/claude`, { type: "anthropic", baseUrl: claude.baseUrl, apiKey: "sk-ant-loopback" });
  // OpenAI's wire format from the faux server, answering as `echo` whatever model is asked for.
  openai = await startLoopbackUpstream(async (request) => {
    const body = (await request.json()) as Record<string, unknown>;
    return handleFauxRequest(
      new Request(request.url, { method: "POST", headers: request.headers, body: JSON.stringify({ ...body, model: "echo" }) }),
    );
  });
  await admin("PUT", `/tenants/${t.tenant}/providers/oai`, { type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-oai-loopback" });
  await admin("PUT", `/tenants/${t.tenant}/workflows/sonnet`, { targets: [{ provider: "claude", model: "claude-sonnet-4-20250514" }] });
  await admin("PUT", `/tenants/${t.tenant}/workflows/mini`, { targets: [{ provider: "oai", model: "gpt-4o-mini" }] });
});
afterAll(async () => {
  await claude?.close();
  await openai?.close();
});

const messages = [{ role: "user" as const, content: "hello gateway" }];

describe("list prices end to end", () => {
  it.each([false, true])(
    "Anthropic: cache writes at 3.75 USD, reads at 0.30, input 3, output 15 per million (stream: %s)",
    async (stream) => {
      const { data, response } = await t.client().chat.completions.create({ model: "sonnet", messages, stream }).withResponse();
      if (Symbol.asyncIterator in data) for await (const _ of data);
      const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
      // The upstream reported 31 uncached input tokens, 7 read from its cache, 3 written to it, and 12 output tokens.
      expect(record.usage).toMatchObject({
        promptTokens: 41,
        cachedPromptTokens: 7,
        cacheWriteTokens: 3,
        completionTokens: 12,
        estimated: false,
      });
      expect(record.priceSource).toBe("@pydantic/genai-prices:anthropic/claude-sonnet-4-0");
      expect(record.costUsd).toBeCloseTo((31 * 3 + 7 * 0.3 + 3 * 3.75 + 12 * 15) / M, 12);
    },
  );

  it("OpenAI gpt-4o-mini: 0.15 USD in, 0.60 out per million", async () => {
    const { response } = await t.client().chat.completions.create({ model: "mini", messages }).withResponse();
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.priceSource).toBe("@pydantic/genai-prices:openai/gpt-4o-mini");
    const { promptTokens, completionTokens } = record.usage;
    expect(promptTokens).toBeGreaterThan(0);
    expect(record.usage.estimated).toBe(false);
    expect(record.costUsd).toBeCloseTo((promptTokens * 0.15 + completionTokens * 0.6) / M, 12);
  });
});
