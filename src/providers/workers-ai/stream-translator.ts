import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { toUpstreamEvent } from "../openai-compatible/stream-events.ts";
import { ChunkBuilder } from "../translate/chunk-builder.ts";
import { toolCalls, type WorkersAiResult } from "./response-mapping.ts";

/** Workers AI's stream (`data: {"response": "…"}` … `data: [DONE]`) → OpenAI chunks; OpenAI-format chunks pass through. */
export function workersAiStreamTranslator() {
  const chunks = new ChunkBuilder();
  let started = false;
  let calledTools = false;
  let usage: WorkersAiResult["usage"] | null = null;
  return (message: SseMessage): UpstreamEvent[] => {
    if (message.data === "[DONE]") {
      const end: UpstreamEvent[] = [chunks.delta({}, calledTools ? "tool_calls" : "stop")];
      if (usage)
        end.push(
          chunks.usage({
            prompt_tokens: usage.prompt_tokens ?? 0,
            completion_tokens: usage.completion_tokens ?? 0,
            total_tokens: usage.total_tokens ?? 0,
          }),
        );
      return [...end, { type: "done" }];
    }
    const passThrough = toUpstreamEvent(message);
    if (passThrough.type !== "chunk" || Array.isArray(passThrough.chunk.choices)) return [passThrough];
    const result = passThrough.chunk as unknown as WorkersAiResult;
    const events: UpstreamEvent[] = started ? [] : [chunks.delta({ role: "assistant", content: "" })];
    started = true;
    if (result.usage) usage = result.usage;
    if (typeof result.response === "string" && result.response) events.push(chunks.delta({ content: result.response }));
    const calls = toolCalls(result);
    if (calls.length) {
      calledTools = true;
      events.push(chunks.delta({ tool_calls: calls.map((call, index) => ({ index, ...call, type: "function" as const })) }));
    }
    return events;
  };
}
