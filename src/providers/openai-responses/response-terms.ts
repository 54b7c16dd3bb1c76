import type { Usage } from "../../chat/openai-types.ts";
import { openAIUsage } from "../translate/chunk-builder.ts";

/** The part of a Response object the gateway reads: status, why it is incomplete, output and usage. */
export interface UpstreamResponse {
  id?: string;
  model?: string;
  created_at?: number;
  status?: string;
  incomplete_details?: { reason?: string } | null;
  error?: { code?: string; message?: string } | null;
  output?: Array<{
    type?: string;
    content?: Array<{ type?: string; text?: string; refusal?: string }>;
    call_id?: string;
    name?: string;
    arguments?: string;
    input?: string;
  }>;
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    input_tokens_details?: { cached_tokens?: number };
    output_tokens_details?: { reasoning_tokens?: number };
  } | null;
}

/** Responses usage in chat's terms (what pricing and the record read). */
export function chatUsage(usage: UpstreamResponse["usage"]): Usage | null {
  if (!usage) return null;
  const base = openAIUsage(usage.input_tokens ?? 0, usage.output_tokens ?? 0, usage.input_tokens_details?.cached_tokens ?? 0);
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  return reasoning ? { ...base, completion_tokens_details: { reasoning_tokens: reasoning } } : base;
}

/** A finished response's status as chat's finish reason. */
export function chatFinishReason(response: UpstreamResponse, calledTools: boolean): string {
  if (response.status === "incomplete") return response.incomplete_details?.reason === "content_filter" ? "content_filter" : "length";
  return calledTools ? "tool_calls" : "stop";
}

/** Item types that are tool calls the client runs (a chat `tool_calls` entry each). */
export const CALL_ITEM_TYPES = new Set(["function_call", "custom_tool_call", "local_shell_call"]);
