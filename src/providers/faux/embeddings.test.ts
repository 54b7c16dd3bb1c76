import { describe, expect, it } from "vitest";
import { fauxEmbedding, fauxEmbeddings } from "./embeddings.ts";

describe("faux embeddings", () => {
  it("are deterministic unit vectors of the requested size", () => {
    const a = fauxEmbedding("hello", 16);
    expect(a).toHaveLength(16);
    expect(fauxEmbedding("hello", 16)).toEqual(a);
    expect(fauxEmbedding("hullo", 16)).not.toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
  });

  it("answer in OpenAI's shape, float or base64, with usage; status-N fails", async () => {
    const floats: any = await fauxEmbeddings({ model: "echo", input: ["a b", "c"] }).json();
    expect(floats).toMatchObject({ object: "list", model: "echo", usage: { prompt_tokens: 3, total_tokens: 3 } });
    expect(floats.data[1]).toEqual({ object: "embedding", index: 1, embedding: fauxEmbedding("c", 8) });
    const encoded: any = await fauxEmbeddings({ model: "echo", input: "c", encoding_format: "base64" }).json();
    const bytes = Uint8Array.from(atob(encoded.data[0].embedding), (ch) => ch.charCodeAt(0));
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual(fauxEmbedding("c", 8));
    expect(fauxEmbeddings({ model: "status-503", input: "c" }).status).toBe(503);
  });
});
