import type { ChatCompletionChunk } from "../../chat/openai-types.ts";

/** What the client gets of one upstream chunk. */
export type ChunkDelivery = "send" | "send_usage" | "hide";

/**
 * Only chunks with choices reach a client, plus exactly one usage chunk (empty `choices`) when the
 * client asked for usage. Naive clients index `chunk.choices[0]` on every chunk, so anything else
 * with empty or missing `choices` (Azure's `prompt_filter_results`, the usage the gateway asked
 * for on its own, a second usage chunk) is hidden from them; the log still sees it.
 */
export function chunkDelivery(chunk: ChatCompletionChunk, client: { wantsUsage: boolean; usageSent: boolean }): ChunkDelivery {
  const choices: unknown = chunk.choices;
  if (Array.isArray(choices) && choices.length > 0) return "send";
  const isUsage = Array.isArray(choices) && typeof chunk.usage === "object" && chunk.usage !== null;
  return isUsage && client.wantsUsage && !client.usageSent ? "send_usage" : "hide";
}
