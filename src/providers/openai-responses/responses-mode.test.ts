import { describe, expect, it } from "vitest";
import { everyCut, foldTranslated } from "../../../test/support/translated-stream.ts";
import { isContentBearing } from "../../attempts/commit-rule.ts";
import { openAICompatibleAdapter } from "../openai-compatible/openai-compatible-adapter.ts";
import type { ProviderAdapter } from "../provider-adapter.ts";
import wire from "./__fixtures__/reasoning-text-call.chunks.txt?raw";

/** The adapter as the attempt loop runs it for a native Responses request. */
function nativeAdapter(fetcher: (request: Request) => Promise<Response> = async () => new Response("{}")): ProviderAdapter {
  const adapter = openAICompatibleAdapter({
    baseUrl: "http://upstream.test/v1",
    apiKey: "sk-up",
    fetcher,
    responsesUrl: () => "http://upstream.test/v1/responses",
  });
  return { ...adapter, ...adapter.native?.["openai-responses"] };
}

describe("a Responses-native target's stream", () => {
  it("is read for the gateway (text, calls, reasoning, finish, usage) and passed on byte for byte, whatever the cuts", async () => {
    const adapter = nativeAdapter();
    const whole = await foldTranslated(adapter, wire);
    expect(whole.ended).toBe("done");
    const choice = whole.completion.choices[0];
    expect(choice?.message.content).toBe("Let me look — héllo 🌍");
    expect(choice?.message.tool_calls).toEqual([
      { id: "call_abc", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls -la"}' } },
    ]);
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(whole.completion.usage).toMatchObject({
      prompt_tokens: 1200,
      completion_tokens: 80,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 40 },
    });
    const chunks = whole.events.flatMap((e) => (e.type === "chunk" ? [e] : []));
    // response.created is preamble; the reasoning summary is the first content.
    expect(isContentBearing(chunks[0]?.chunk ?? ({} as never))).toBe(false);
    expect(chunks[1]?.native).toContain("response.reasoning_summary_text.delta");
    expect(isContentBearing(chunks[1]?.chunk ?? ({} as never))).toBe(true);
    for (const cuts of [[], ...everyCut(wire, 97)]) {
      const events = (await foldTranslated(adapter, wire, cuts)).events;
      expect(events.map((e) => (e.type === "chunk" ? (e.native ?? "") : "")).join("")).toBe(wire);
    }
  });

  it("an error event or a failed response is an in-band error", async () => {
    const adapter = nativeAdapter();
    const failed =
      'event: response.failed\ndata: {"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"boom"}}}\n\n';
    expect((await foldTranslated(adapter, failed)).error).toMatchObject({ message: "boom", code: "server_error" });
    const error = 'event: error\ndata: {"type":"error","code":"rate_limit_exceeded","message":"slow down"}\n\n';
    expect((await foldTranslated(adapter, error)).error).toMatchObject({ message: "slow down", code: "rate_limit_exceeded" });
  });

  it("goes to /responses with the provider's key; a non-streamed Response object reads as a completion", async () => {
    let seen: Request | null = null;
    const adapter = nativeAdapter(async (request) => {
      seen = request;
      return new Response("{}");
    });
    const signal = new AbortController().signal;
    await adapter.send({ requestId: "r", body: { model: "m", input: "hi" }, model: "m", stream: false, signal });
    expect((seen as Request | null)?.url).toBe("http://upstream.test/v1/responses");
    expect((seen as Request | null)?.headers.get("authorization")).toBe("Bearer sk-up");
    const result = adapter.completion({
      id: "resp_1",
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      output: [{ type: "reasoning" }, { type: "message", content: [{ type: "output_text", text: "partial" }] }],
      usage: { input_tokens: 5, output_tokens: 7 },
    });
    expect(result).toMatchObject({
      ok: true,
      completion: {
        choices: [{ message: { content: "partial" }, finish_reason: "length" }],
        usage: { prompt_tokens: 5, completion_tokens: 7 },
      },
    });
    // Without `api: "responses"` there is no native mode: Responses requests are translated.
    expect(openAICompatibleAdapter({ baseUrl: "http://upstream.test/v1" }).native).toBeUndefined();
  });
});
