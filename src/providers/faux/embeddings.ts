import { countTokens } from "./reply.ts";
import { parseFauxModel } from "./scenario.ts";

/** Vector length when the request names no `dimensions`. */
export const FAUX_EMBEDDING_DIMENSIONS = 8;

/** FNV-1a: a seed from the input, so the same text always gets the same vector. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0 || 1;
}

/** A deterministic unit vector of `dimensions` for `text` (xorshift32 from the text's hash). */
export function fauxEmbedding(text: string, dimensions: number): number[] {
  let state = seedOf(text);
  const vector = Array.from({ length: dimensions }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff) * 2 - 1;
  });
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => Math.fround(x / norm));
}

/** OpenAI's base64 form: the float32 values, little-endian. */
function base64Of(vector: number[]): string {
  const bytes = new Uint8Array(new Float32Array(vector).buffer);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

type EmbeddingsBody = { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };

/**
 * `POST …/embeddings` of the faux server: hash-seeded vectors, one per input, in OpenAI's shape.
 * The model name picks the scenario as for chat; only `status-N` applies (a failing target for failover tests).
 */
export function fauxEmbeddings(body: EmbeddingsBody): Response {
  const model = typeof body.model === "string" ? body.model : "";
  const scenario = parseFauxModel(model);
  if (!scenario)
    return Response.json({ error: { message: `The model '${model}' does not exist`, code: "model_not_found" } }, { status: 404 });
  if (scenario.failStatus !== null)
    return Response.json(
      { error: { message: `faux: injected ${scenario.failStatus}`, type: "server_error", code: "faux_injected" } },
      { status: scenario.failStatus },
    );
  const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map((input) =>
    typeof input === "string" ? input : JSON.stringify(input),
  );
  const dimensions =
    typeof body.dimensions === "number" && body.dimensions > 0 ? Math.min(body.dimensions, 4096) : FAUX_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === "base64";
  const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
  return Response.json({
    object: "list",
    data: inputs.map((text, index) => {
      const vector = fauxEmbedding(text, dimensions);
      return { object: "embedding", index, embedding: base64 ? base64Of(vector) : vector };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
