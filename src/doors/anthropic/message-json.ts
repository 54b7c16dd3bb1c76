import type { ChatCompletion } from "../../chat/openai-types.ts";
import { toAnthropicStopReason } from "../../providers/anthropic/finish-reason.ts";
import { toAnthropicUsage } from "../../providers/anthropic/usage.ts";
import { parseToolArguments } from "../../providers/translate/openai-request.ts";

/** Anthropic message ids start `msg_`; an upstream's own id is kept inside it, so logs still match. */
export function anthropicMessageId(id: string): string {
  return id.startsWith("msg_") ? id : `msg_${id.replace(/^chatcmpl-/, "")}`;
}

interface ToolCall {
  id?: string;
  function?: { name?: string; arguments?: string };
}

/**
 * A chat completion as an Anthropic `message`: choice 0's text (or refusal) as a text block, its
 * tool calls as `tool_use` blocks, `stop_reason` from the finish reason and usage with cache
 * tokens apart. Messages has one answer per request: the door never asks for `n > 1`.
 */
export function toAnthropicMessage(completion: ChatCompletion): Record<string, unknown> {
  const choice = completion.choices[0];
  const message = choice?.message;
  const text = typeof message?.content === "string" ? message.content : typeof message?.refusal === "string" ? message.refusal : "";
  const toolUses = ((message?.tool_calls ?? []) as ToolCall[]).map((call) => ({
    type: "tool_use",
    id: call.id ?? "",
    name: call.function?.name ?? "",
    input: parseToolArguments(call.function?.arguments ?? ""),
  }));
  // Always at least one block: clients read `content[0]`.
  const content = [...(text || toolUses.length === 0 ? [{ type: "text", text }] : []), ...toolUses];
  return {
    id: anthropicMessageId(completion.id),
    type: "message",
    role: "assistant",
    model: completion.model,
    content,
    stop_reason: toAnthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(completion.usage),
  };
}
