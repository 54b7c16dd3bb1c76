/** Anthropic `stop_reason` → OpenAI `finish_reason`; `end_turn`, `stop_sequence`, `pause_turn` and unknown reasons are `stop`. */
const FINISH_REASON_OF: Record<string, string> = {
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/** Anthropic `stop_reason` → OpenAI `finish_reason`. A forced JSON answer ends as `stop`, not `tool_calls`. */
export function mapAnthropicStopReason(reason: string | null | undefined, structured: boolean): string {
  if (reason === "tool_use" && structured) return "stop";
  return FINISH_REASON_OF[reason ?? ""] ?? "stop";
}

/**
 * OpenAI `finish_reason` → Anthropic `stop_reason`: the inverse of the table above (the Messages
 * door), with `stop` as `end_turn` (OpenAI does not say whether a stop sequence matched).
 */
export function toAnthropicStopReason(finishReason: string | null | undefined): string {
  for (const [stop, finish] of Object.entries(FINISH_REASON_OF)) if (finish === finishReason) return stop;
  // `function_call` is the legacy name of `tool_calls`.
  return finishReason === "function_call" ? "tool_use" : "end_turn";
}
