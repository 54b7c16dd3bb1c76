import type { ChatCompletionChunk } from "../chat/openai-types.ts";

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * The commit rule: a chunk is content-bearing when any choice carries a delta field other
 * than `role` with a value (content, tool calls, refusal, reasoning, audio, ...) or a
 * finish reason. Role-only deltas, empty strings and usage-only chunks are preamble: held, not sent.
 */
export function isContentBearing(chunk: ChatCompletionChunk): boolean {
  if (!Array.isArray(chunk.choices)) return false;
  // An upstream may send anything: a choice that is not an object carries no content.
  return (chunk.choices as unknown[]).some((item) => {
    if (typeof item !== "object" || item === null) return false;
    const choice = item as ChatCompletionChunk["choices"][number];
    if (choice.finish_reason) return true;
    const delta: unknown = choice.delta ?? {};
    if (typeof delta !== "object" || delta === null) return false;
    return Object.entries(delta).some(([field, value]) => field !== "role" && hasValue(value));
  });
}
