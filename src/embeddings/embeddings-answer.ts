import type { ChatCompletion, Usage } from "../chat/openai-types.ts";
import type { CompletionResult } from "../providers/provider-adapter.ts";

/** An OpenAI embeddings response, as far as the gateway reads it. */
interface EmbeddingsResponse {
  object?: string;
  data: unknown[];
  model?: string;
  usage?: { prompt_tokens?: number; total_tokens?: number };
}

/**
 * An embeddings answer carried in a completion. The journal, the cache entry, settle and pricing
 * all take a chat completion; wrapping the upstream's JSON in one (`embeddings`, with usage in
 * OpenAI's chat terms and one finished choice so it counts as complete) lets every one of them
 * serve embeddings unchanged. Only this file knows the wrapping.
 */
export function embeddingsCompletion(json: unknown): CompletionResult {
  const body = json as EmbeddingsResponse | null;
  if (typeof body !== "object" || body === null || !Array.isArray(body.data))
    return { ok: false, message: "upstream answered 200 without an embeddings body" };
  const prompt = body.usage?.prompt_tokens ?? 0;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: 0, total_tokens: body.usage?.total_tokens ?? prompt };
  const completion: ChatCompletion = {
    id: `emb-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? "",
    choices: [{ index: 0, message: { role: "assistant", content: null }, finish_reason: "stop" }],
    usage,
    embeddings: body,
  };
  return { ok: true, completion };
}

/** The upstream's embeddings JSON out of its carrier (a cache hit or a fresh answer). */
export function embeddingsOf(completion: ChatCompletion): unknown {
  return completion.embeddings ?? { object: "list", data: [], model: completion.model, usage: completion.usage };
}
