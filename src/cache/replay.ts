import type { ChatCompletion } from "../chat/openai-types.ts";
import type { ChunkEvent, StreamRenderer } from "../stream/stream-renderer.ts";

/**
 * A cached completion as the OpenAI chunks that would have produced it: per choice a role chunk,
 * its content / refusal / tool calls, its finish reason; then its usage (a renderer shows that
 * only to a client that asked for it).
 */
export function replayChunks(completion: ChatCompletion): ChunkEvent[] {
  const head = { id: completion.id, object: "chat.completion.chunk", created: completion.created, model: completion.model };
  const events: ChunkEvent[] = [];
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}) => {
    const chunk = { ...head, choices, ...extra } as ChunkEvent["chunk"];
    events.push({ type: "chunk", chunk, data: JSON.stringify(chunk) });
  };
  for (const choice of completion.choices) {
    const { message } = choice;
    const at = (delta: Record<string, unknown>, finish: string | null = null) =>
      frame([{ index: choice.index, delta, logprobs: null, finish_reason: finish }]);
    at({ role: message.role ?? "assistant", content: "" });
    if (typeof message.content === "string" && message.content) at({ content: message.content });
    if (typeof message.refusal === "string" && message.refusal) at({ refusal: message.refusal });
    const toolCalls = (message.tool_calls ?? []) as Array<{ id?: string; type?: string; function?: { name?: string; arguments?: string } }>;
    toolCalls.forEach((call, index) => {
      at({
        tool_calls: [
          {
            index,
            id: call.id,
            type: call.type ?? "function",
            function: { name: call.function?.name, arguments: call.function?.arguments ?? "" },
          },
        ],
      });
    });
    at({}, choice.finish_reason);
  }
  if (completion.usage) frame([], { usage: completion.usage });
  return events;
}

/** A cached completion as a complete stream in the door's format. */
export function replayStream(completion: ChatCompletion, renderer: StreamRenderer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const event of replayChunks(completion)) {
        const bytes = renderer.chunk(event);
        if (bytes) controller.enqueue(bytes);
      }
      controller.enqueue(renderer.done());
      controller.close();
    },
  });
}
