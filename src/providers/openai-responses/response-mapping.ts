import { errorFromJson } from "../openai-compatible/error-message.ts";
import type { CompletionResult } from "../provider-adapter.ts";
import { translatedCompletion } from "../translate/translated-completion.ts";
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
  const completion = translatedCompletion({
    id: response.id,
    model: response.model,
    created: response.created_at,
    text,
    toolCalls,
    finishReason: chatFinishReason(response, toolCalls.length > 0),
    usage: chatUsage(response.usage),
  });
  return { ok: true, completion };
}
