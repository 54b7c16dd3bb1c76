import type { ChatCompletion } from "../../chat/openai-types.ts";
import { openAICompletion } from "../openai-compatible/openai-compatible-adapter.ts";
import type { CompletionResult } from "../provider-adapter.ts";

/** What `AI.run` returns for text generation (older models; newer ones answer in OpenAI's format). */
export interface WorkersAiResult {
  response?: unknown;
  tool_calls?: Array<{ name?: string; arguments?: unknown; id?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

export function toolCalls(result: WorkersAiResult) {
  return (result.tool_calls ?? []).map((call, i) => ({
    id: call.id ?? `call_${i}`,
    type: "function",
    function: {
      name: call.name ?? "",
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
    },
  }));
}

/** `{response, tool_calls, usage}` (or, for newer models, an OpenAI completion) → a completion. */
export function fromWorkersAiResult(json: unknown): CompletionResult {
  if (typeof json === "object" && json !== null && "choices" in json) return openAICompletion(json);
  const result = json as WorkersAiResult;
  if (typeof result !== "object" || result === null || !("response" in result || "tool_calls" in result)) return openAICompletion(json);
  const calls = toolCalls(result);
  const text =
    typeof result.response === "string"
      ? result.response
      : result.response === undefined || result.response === null
        ? ""
        : JSON.stringify(result.response);
  const completion: ChatCompletion = {
    id: `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: calls.length && !text ? null : text, ...(calls.length ? { tool_calls: calls } : {}) },
        logprobs: null,
        finish_reason: calls.length ? "tool_calls" : "stop",
      },
    ],
    ...(result.usage
      ? {
          usage: {
            prompt_tokens: result.usage.prompt_tokens ?? 0,
            completion_tokens: result.usage.completion_tokens ?? 0,
            total_tokens: result.usage.total_tokens ?? 0,
          },
        }
      : {}),
  };
  return { ok: true, completion };
}
