import type { ChatCompletion } from "../../chat/openai-types.ts";
import { mapSse, type SseMessage } from "../../stream/sse-decoder.ts";
import { openAIErrorMessage } from "../openai-compatible/error-message.ts";
import { openAICompletion } from "../openai-compatible/openai-compatible-adapter.ts";
import { toUpstreamEvent } from "../openai-compatible/stream-events.ts";
import type { CompletionResult, ProviderAdapter, ProviderCall, RequestTranslation, UpstreamEvent } from "../provider-adapter.ts";
import { ChunkBuilder } from "../translate/chunk-builder.ts";
import { unmappedFields } from "../translate/openai-request.ts";

/** The part of the `AI` binding the adapter uses. */
export interface WorkersAiBinding {
  run(model: string, inputs: Record<string, unknown>): Promise<unknown>;
}

const MAPPED = new Set([
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "seed",
  "frequency_penalty",
  "presence_penalty",
  "tools",
  "response_format",
  "n",
]);

/** OpenAI body → Workers AI text-generation inputs (its chat schema is OpenAI's messages and tools). */
function toWorkersAiInputs(body: Record<string, unknown>, stream: boolean): RequestTranslation {
  if (typeof body.n === "number" && body.n > 1)
    return { ok: false, param: "n", message: "workers-ai returns one choice per request (n > 1)" };
  const inputs: Record<string, unknown> = { messages: body.messages };
  for (const field of ["temperature", "top_p", "seed", "frequency_penalty", "presence_penalty", "tools", "response_format"])
    if (body[field] !== undefined && body[field] !== null) inputs[field] = body[field];
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens !== undefined) inputs.max_tokens = maxTokens;
  if (stream) inputs.stream = true;
  return { ok: true, body: inputs, dropped: unmappedFields(body, MAPPED) };
}

/** Binding errors carry no status; capacity and rate errors are worth retrying, the rest fail over. */
function errorResponse(error: unknown): Response {
  const message = error instanceof Error ? error.message : String(error);
  const status = /capacity|rate limit|too many/i.test(message) ? 429 : 502;
  return Response.json({ error: { message: `workers-ai: ${message}`, type: "upstream_error", param: null, code: null } }, { status });
}

interface WorkersAiResult {
  response?: unknown;
  tool_calls?: Array<{ name?: string; arguments?: unknown; id?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

function toolCalls(result: WorkersAiResult) {
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
function fromWorkersAiResult(json: unknown): CompletionResult {
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

/** Workers AI's stream (`data: {"response": "…"}` … `data: [DONE]`) → OpenAI chunks; OpenAI-format chunks pass through. */
function workersAiStreamTranslator() {
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

/**
 * Workers AI through the `AI` binding: no network hop from the Worker. Without the binding (local
 * dev without a Cloudflare login, or a deployment that did not add it) the adapter is unavailable:
 * attempts fail at once with a reason that says how to add it, and the workflow moves on.
 */
export function workersAiAdapter(binding: WorkersAiBinding | undefined): ProviderAdapter {
  return {
    ...(binding ? {} : { unavailable: 'the Workers AI binding is not configured: add "ai": {"binding": "AI"} to wrangler.jsonc' }),
    translateRequest: toWorkersAiInputs,
    async send(call: ProviderCall) {
      if (!binding) throw new TypeError("the Workers AI binding is not configured");
      try {
        const result = await binding.run(call.model, call.body);
        if (result instanceof ReadableStream) return new Response(result, { headers: { "content-type": "text/event-stream" } });
        return Response.json(result);
      } catch (error) {
        return errorResponse(error);
      }
    },
    streamEvents: (body) => mapSse(body, workersAiStreamTranslator()),
    completion: fromWorkersAiResult,
    errorMessage: openAIErrorMessage,
  };
}
