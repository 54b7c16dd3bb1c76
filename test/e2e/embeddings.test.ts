import { beforeAll, describe, expect, it } from "vitest";
import { fauxEmbedding } from "../../src/providers/faux/embeddings.ts";
import { admin, logRecord, useTenant } from "./harness.ts";

const t = useTenant();

beforeAll(async () => {
  // Primary fails 503 (retried once, then failover); the backup answers. Both are one vector space (the faux server's).
  await t.workflow("emb", "status-503", "echo", { cache: { ttlSeconds: 300 } });
  await admin("PUT", `/tenants/${t.tenant}/prices`, { prices: [{ model: "echo", inputPerMTok: 100, outputPerMTok: 0 }] });
});

const embeddingCalls = () => t.upstream.calls.filter((call) => "input" in call.body);

describe("POST /v1/embeddings with the openai SDK", () => {
  it("floats through failover, then a repeat is a cache HIT with no upstream call; the records have usage and cost", async () => {
    const ask = { model: "emb", input: ["hello world", "bye"], dimensions: 16, encoding_format: "float" as const };
    const { data: first, response } = await t.client().embeddings.create(ask).withResponse();
    expect(first.data.map((d) => d.embedding)).toEqual([fauxEmbedding("hello world", 16), fauxEmbedding("bye", 16)]);
    expect(first.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(response.headers.get("x-gateway-cache")).toBe("MISS");
    expect(response.headers.get("x-gateway-provider")).toBe("backup");
    expect(response.headers.get("x-gateway-attempts")).toBe("3");
    const calls = embeddingCalls().length;
    expect(t.upstream.calls.at(-1)?.body).toMatchObject({ model: "echo", input: ["hello world", "bye"], dimensions: 16 });

    const record = await logRecord(t.tenant, response.headers.get("x-request-id"));
    expect(record).toMatchObject({
      path: "/v1/embeddings",
      workflow: "emb",
      outcome: "completed",
      cache: "MISS",
      servedBy: { provider: "backup", model: "echo" },
      usage: { promptTokens: 3, completionTokens: 0, estimated: false },
    });
    expect(record.attempts.map((a: { decision: string }) => a.decision)).toEqual(["retry", "fallback", "commit"]);
    expect(record.costUsd).toBeCloseTo(3 * 100e-6, 10);

    // KV is eventually consistent even locally: poll until the entry is readable.
    let repeat = await t.client().embeddings.create(ask).withResponse();
    for (let i = 0; i < 20 && repeat.response.headers.get("x-gateway-cache") !== "HIT"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      repeat = await t.client().embeddings.create(ask).withResponse();
    }
    expect(repeat.response.headers.get("x-gateway-cache")).toBe("HIT");
    expect(repeat.data.data).toEqual(first.data);
    expect(embeddingCalls().length).toBe(calls);
    const hit = await logRecord(t.tenant, repeat.response.headers.get("x-request-id"));
    expect(hit).toMatchObject({ cache: "HIT", costUsd: 0, usage: { promptTokens: 3 } });
    expect(hit.costSavedUsd).toBeGreaterThan(0);
  });

  it("base64: the same vector as float32 bytes; the SDK's default (base64, decoded) gives the floats", async () => {
    const raw = await t.client().embeddings.create({ model: "emb", input: "base me", dimensions: 4, encoding_format: "base64" });
    const encoded = raw.data[0]?.embedding as unknown as string;
    expect(typeof encoded).toBe("string");
    const bytes = Uint8Array.from(Buffer.from(encoded, "base64"));
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual(fauxEmbedding("base me", 4));
    // Without encoding_format the SDK asks for base64 and decodes it.
    const decoded = await t.client().embeddings.create({ model: "emb", input: "base me", dimensions: 4 });
    expect(decoded.data[0]?.embedding).toEqual(fauxEmbedding("base me", 4));
  });

  it("errors are OpenAI's: unknown workflow 404, bad input 400", async () => {
    await expect(t.client().embeddings.create({ model: "nope", input: "x" })).rejects.toMatchObject({
      status: 404,
      code: "model_not_found",
    });
    await expect(t.client().embeddings.create({ model: "emb", input: 5 as never })).rejects.toMatchObject({ status: 400, param: "input" });
  });
});
