import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { gatewayUrl, logRecord, useTenant } from "./harness.ts";

const t = useTenant();
const messages = [{ role: "user" as const, content: "hello gateway" }];

describe("official openai SDK against the running gateway", () => {
  it("non-stream: the completion and the served-by headers", async () => {
    await t.workflow("basic", "echo");
    const { data, response } = await t.client().chat.completions.create({ model: "basic", messages }).withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: hello gateway");
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-gateway-provider")).toBe("primary");
    expect(response.headers.get("x-gateway-model")).toBe("echo");
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("stream: for await yields the text in order", async () => {
    await t.workflow("streamed", "words-5");
    const stream = await t.client().chat.completions.create({ model: "streamed", messages, stream: true });
    let text = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe("alpha bravo charlie delta echo");
    expect(finish).toBe("stop");
  });

  it("stream_options.include_usage: the last chunk carries usage", async () => {
    await t.workflow("usage", "words-4");
    const stream = await t
      .client()
      .chat.completions.create({ model: "usage", messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 4 });
    expect(chunks.at(-1)?.choices).toEqual([]);
  });

  it("models list: the tenant's workflows and direct routes", async () => {
    await t.workflow("listed", "echo");
    const ids = [];
    for await (const model of t.client().models.list()) ids.push(model.id);
    expect(ids).toContain("listed");
  });

  it("auth failures raise AuthenticationError with a request id", async () => {
    const error = await t
      .client("sk-wrong")
      .chat.completions.create({ model: "basic", messages })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("malformed bodies raise BadRequestError naming the param", async () => {
    const error = await t
      .client()
      .chat.completions.create({ model: "basic", messages: [{ role: "wizard", content: "x" }] as never })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe("messages[0].role");
    const raw = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}` },
      body: "{oops",
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).error.code).toBe("invalid_json");
  });

  it("passes unknown fields through untouched and authenticates upstream with the provider key", async () => {
    await t.workflow("passthrough", "echo");
    await t.client().chat.completions.create({
      model: "passthrough",
      messages,
      temperature: 0.25,
      seed: 7,
      metadata: { team: "search" },
      // A provider-specific field the gateway does not know.
      ...({ top_k: 40, custom_routing: { region: "eu" } } as object),
    });
    const call = t.upstream.callsFor("echo").at(-1);
    expect(call?.body).toMatchObject({
      model: "echo",
      temperature: 0.25,
      seed: 7,
      metadata: { team: "search" },
      top_k: 40,
      custom_routing: { region: "eu" },
    });
    expect(call?.headers.authorization).toBe("Bearer sk-upstream-primary");
    expect(call?.headers["x-request-id"]).toMatch(/^req_/);
  });

  it("an upstream that sends ten events per network write: every word arrives once, in order, and the record keeps each chunk", async () => {
    await t.workflow("bursty", "words-100+burst-10");
    const { data: stream, response } = await t
      .client()
      .chat.completions.create({ model: "bursty", messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const words: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) words.push(content.trim());
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(words).toHaveLength(100);
    expect(words.slice(0, 3)).toEqual(["alpha", "bravo", "charlie"]);
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBe(100);
    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record.outcome).toBe("completed");
    expect(record.eventCounts.contentDeltas).toBe(100);
    expect(record.output.text.split(" ")).toHaveLength(100);
    expect(record.chunks.filter((c: { data: string }) => /"content":"[^"]/.test(c.data))).toHaveLength(100);
  });

  it("chunks reach the client as the upstream sends them, not in a burst at the end", async () => {
    await t.workflow("paced", "words-5+slow-250");
    const stream = await t.client().chat.completions.create({ model: "paced", messages, stream: true });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(performance.now());
    expect(arrivals).toHaveLength(5);
    const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? 0));
    // The upstream spaces deltas 250 ms apart; a buffering gateway would deliver them ~0 ms apart.
    for (const gap of gaps) expect(gap).toBeGreaterThan(150);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(800);
  });
});
