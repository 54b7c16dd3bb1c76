import { describe, expect, it } from "vitest";
import { foldTranslated } from "../../../test/support/translated-stream.ts";
import { workersAiAdapter } from "./workers-ai-adapter.ts";

const call = (body: Record<string, unknown>, stream = false) => ({
  requestId: "r",
  body,
  model: "@cf/meta/llama-3.1-8b-instruct",
  stream,
  signal: new AbortController().signal,
});

describe("workers ai", () => {
  it("runs the model through the binding and maps the answer", async () => {
    const runs: Array<[string, Record<string, unknown>]> = [];
    const adapter = workersAiAdapter({
      async run(model, inputs) {
        runs.push([model, inputs]);
        return { response: "Hello", usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 } };
      },
    });
    const translation = adapter.translateRequest(
      { model: "x", messages: [{ role: "user", content: "hi" }], max_completion_tokens: 20, user: "u1" },
      false,
    );
    expect(translation).toMatchObject({ ok: true, dropped: ["user"], body: { max_tokens: 20 } });
    if (!translation.ok) return;
    const res = await adapter.send(call(translation.body));
    expect(runs[0]?.[0]).toBe("@cf/meta/llama-3.1-8b-instruct");
    expect(adapter.completion(await res.json())).toMatchObject({
      ok: true,
      completion: { choices: [{ message: { content: "Hello" }, finish_reason: "stop" }], usage: { total_tokens: 5 } },
    });
  });

  it("translates its stream to OpenAI chunks ending in usage and [DONE]", async () => {
    const wire =
      'data: {"response":"Hel","p":"abc"}\n\ndata: {"response":"lo"}\n\ndata: {"response":"","usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}\n\ndata: [DONE]\n\n';
    const folded = await foldTranslated(workersAiAdapter(undefined), wire, [13, 40]);
    expect(folded.ended).toBe("done");
    expect(folded.completion).toMatchObject({
      choices: [{ message: { content: "Hello" }, finish_reason: "stop" }],
      usage: { total_tokens: 6 },
    });
  });

  it("without the AI binding the adapter is unavailable, with a reason that says how to add it", () => {
    expect(workersAiAdapter(undefined).unavailable).toMatch(/"ai": \{"binding": "AI"\}/);
    expect(workersAiAdapter({ run: async () => ({}) }).unavailable).toBeUndefined();
  });

  it("binding errors become statuses the attempt engine classifies: capacity retries, the rest fail over", async () => {
    const failing = (message: string) => workersAiAdapter({ run: async () => Promise.reject(new Error(message)) });
    expect((await failing("3040: Capacity temporarily exceeded").send(call({}))).status).toBe(429);
    expect((await failing("5006: invalid input").send(call({}))).status).toBe(502);
  });
});
