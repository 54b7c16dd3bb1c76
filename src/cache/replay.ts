import type { ChatCompletion } from "../chat/openai-types.ts";
import { SSE_DONE, sseData } from "../stream/sse-encoder.ts";

/**
 * A cached completion as the OpenAI stream that would have produced it: per choice a role chunk,
 * its content / refusal / tool calls, its finish reason; then usage when asked; then `[DONE]`.
 */
export function replayAsSse(completion: ChatCompletion, includeUsage: boolean): ReadableStream<Uint8Array> {
  const head = { id: completion.id, object: "chat.completion.chunk", created: completion.created, model: completion.model };
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}) => sseData(JSON.stringify({ ...head, choices, ...extra }));
  const frames: Uint8Array[] = [];
  for (const choice of completion.choices) {
    const { message } = choice;
    const at = (delta: Record<string, unknown>, finish: string | null = null) =>
      frame([{ index: choice.index, delta, logprobs: null, finish_reason: finish }]);
    frames.push(at({ role: message.role ?? "assistant", content: "" }));
    if (typeof message.content === "string" && message.content) frames.push(at({ content: message.content }));
    if (typeof message.refusal === "string" && message.refusal) frames.push(at({ refusal: message.refusal }));
    const toolCalls = (message.tool_calls ?? []) as Array<{ id?: string; type?: string; function?: { name?: string; arguments?: string } }>;
    toolCalls.forEach((call, index) => {
      frames.push(
        at({
          tool_calls: [
            {
              index,
              id: call.id,
              type: call.type ?? "function",
              function: { name: call.function?.name, arguments: call.function?.arguments ?? "" },
            },
          ],
        }),
      );
    });
    frames.push(at({}, choice.finish_reason));
  }
  if (includeUsage && completion.usage) frames.push(frame([], { usage: completion.usage }));
  frames.push(SSE_DONE);
  return new ReadableStream({
    start(controller) {
      for (const bytes of frames) controller.enqueue(bytes);
      controller.close();
    },
  });
}
