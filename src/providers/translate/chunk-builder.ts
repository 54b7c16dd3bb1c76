import type { ChatCompletionChunk, ChunkDelta, Usage } from "../../chat/openai-types.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";

/**
 * Builds OpenAI stream chunks for a translated stream: one id, model and creation time for the
 * whole answer, as OpenAI's own streams have.
 */
export class ChunkBuilder {
  id = `chatcmpl-${crypto.randomUUID()}`;
  model = "";
  readonly created = Math.floor(Date.now() / 1000);

  private event(chunk: ChatCompletionChunk): UpstreamEvent {
    return { type: "chunk", chunk, data: JSON.stringify(chunk) };
  }

  /** A chunk carrying one choice's delta and/or finish reason. */
  delta(delta: ChunkDelta, finishReason: string | null = null, index = 0): UpstreamEvent {
    return this.event({
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
    });
  }

  /** The usage-only chunk OpenAI sends last when `include_usage` is set. */
  usage(usage: Usage): UpstreamEvent {
    return this.event({ id: this.id, object: "chat.completion.chunk", created: this.created, model: this.model, choices: [], usage });
  }
}

/** OpenAI usage from counts, with cached prompt tokens in `prompt_tokens_details`. */
export function openAIUsage(prompt: number, completion: number, cached = 0, extra: Record<string, number> = {}): Usage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, ...extra },
  };
}
