import type { ChatCompletion } from "../../chat/openai-types.ts";
import { errorFromJson } from "../openai-compatible/error-message.ts";
import type { CompletionResult } from "../provider-adapter.ts";
import { CALL_ITEM_TYPES, chatFinishReason, chatUsage, type UpstreamResponse } from "./response-terms.ts";

type OutputItem = NonNullable<UpstreamResponse["output"]>[number];

function toolCallOf(item: OutputItem) {
  const name = item.type === "local_shell_call" ? "local_shell" : (item.name ?? "");
  const args = item.type === "custom_tool_call" ? JSON.stringify({ input: item.input ?? "" }) : (item.arguments ?? "");
  return { id: item.call_id ?? "", type: "function", function: { name, arguments: args } };
}

/**
 * A Response object as a chat completion, for the gateway's own reading (the record, usage for
 * pricing, the cache): its message text, its calls as tool calls, its status as the finish
 * reason. The client of a native request gets the upstream's body itself.
 */
export function fromResponseObject(json: unknown): CompletionResult {
  const inBandError = errorFromJson(json);
  if (inBandError) return { ok: false, message: inBandError.message };
  const response = json as UpstreamResponse;
  if (typeof json !== "object" || json === null || !Array.isArray(response.output))
    return { ok: false, message: "upstream answered 200 without a Response object" };
  if (response.status === "failed") return { ok: false, message: response.error?.message ?? "the upstream response failed" };
  const text = response.output
    .filter((item) => item.type === "message")
    .flatMap((item) => item.content ?? [])
    .map((part) => part.text ?? part.refusal ?? "")
    .join("");
  const toolCalls = response.output.filter((item) => item.type && CALL_ITEM_TYPES.has(item.type)).map(toolCallOf);
  const usage = chatUsage(response.usage);
  const completion: ChatCompletion = {
    id: response.id ?? `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: response.created_at ?? Math.floor(Date.now() / 1000),
    model: response.model ?? "",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: toolCalls.length && !text ? null : text,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: chatFinishReason(response, toolCalls.length > 0),
      },
    ],
    ...(usage ? { usage } : {}),
  };
  return { ok: true, completion };
}
