/** Anthropic `stop_reason` → OpenAI `finish_reason`. A forced JSON answer ends as `stop`, not `tool_calls`. */
export function mapAnthropicStopReason(reason: string | null | undefined, structured: boolean): string {
  switch (reason) {
    case "max_tokens":
      return "length";
    case "tool_use":
      return structured ? "stop" : "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // end_turn, stop_sequence, pause_turn
      return "stop";
  }
}
