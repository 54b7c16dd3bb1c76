import type { ChatCompletion, Usage } from "../../chat/openai-types.ts";
import { customCallOf, isCustomTool, namespaceOf } from "./call-items.ts";
import type { ResponsesRequest } from "./responses-request.ts";

/** A Responses output item: an assistant message, a function call, or a freeform (custom) tool's call. */
export type OutputItem =
  | { type: "message"; id: string; status: ItemStatus; role: "assistant"; content: ContentPart[] }
  | { type: "function_call"; id: string; status: ItemStatus; call_id: string; name: string; arguments: string; namespace?: string }
  | { type: "custom_tool_call"; id: string; status: ItemStatus; call_id: string; name: string; input: string };
export type ItemStatus = "in_progress" | "completed" | "incomplete";
export type ContentPart = { type: "output_text"; text: string; annotations: []; logprobs: [] } | { type: "refusal"; refusal: string };

export type ResponseStatus = "queued" | "in_progress" | "completed" | "incomplete" | "failed" | "cancelled";

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** What a response says before its output is known: its id, time and the request's settings, echoed. */
export type ResponseShell = ReturnType<typeof responseShell>;

/** The response's id, derived from the request id so the stored response is found in the request's object. */
export function responseIdFor(requestId: string): string {
  return `resp_${requestId.replace(/^req_/, "")}`;
}

/** The request id a response id was derived from, or null when it is not one of the gateway's ids. */
export function requestIdOf(responseId: string): string | null {
  return /^resp_[0-9a-z]{26}$/.test(responseId) ? `req_${responseId.slice(5)}` : null;
}

/** Output item ids name their response and position, so an item can be traced to its response. */
export function outputItemId(responseId: string, kind: "msg" | "fc", outputIndex: number): string {
  return `${kind}_${responseId.slice(5)}_${outputIndex}`;
}

export function responseShell(request: ResponsesRequest, id: string, createdAt: number) {
  return {
    id,
    object: "response" as const,
    created_at: createdAt,
    background: request.background === true,
    model: request.model,
    instructions: request.instructions ?? null,
    metadata: request.metadata ?? {},
    max_output_tokens: request.max_output_tokens ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: request.store !== false,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: "text" } },
    tool_choice: request.tool_choice ?? "auto",
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: request.truncation ?? "disabled",
    user: request.user ?? null,
  };
}

/** Chat usage in the Responses API's names (cached and reasoning tokens default to 0). */
export function responsesUsage(usage: Usage | null | undefined): ResponsesUsage | null {
  if (!usage) return null;
  const cached = (usage.prompt_tokens_details as { cached_tokens?: number } | undefined)?.cached_tokens ?? 0;
  const reasoning = (usage.completion_tokens_details as { reasoning_tokens?: number } | undefined)?.reasoning_tokens ?? 0;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: usage.total_tokens,
  };
}

/** A finish reason as the response's status: a cut-off answer is `incomplete`, with why. */
export function statusOfFinish(finishReason: string | null): { status: ResponseStatus; incomplete_details: { reason: string } | null } {
  if (finishReason === "length") return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (finishReason === "content_filter") return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed", incomplete_details: null };
}

export interface ResponseOutcome {
  status: ResponseStatus;
  model?: string;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  incomplete_details?: { reason: string } | null;
  error?: { code: string; message: string } | null;
}

/** The whole Response object: the shell, its output and how it ended. */
export function responseObject(shell: ResponseShell, outcome: ResponseOutcome) {
  return {
    ...shell,
    model: outcome.model || shell.model,
    status: outcome.status,
    error: outcome.error ?? null,
    incomplete_details: outcome.incomplete_details ?? null,
    output: outcome.output,
    usage: outcome.usage,
  };
}
export type ResponseObject = ReturnType<typeof responseObject>;

export function textPart(text: string): ContentPart {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

/**
 * A complete chat answer (choice 0: the Responses API has one output) as a Response: its text
 * (and refusal) as one message item, then one `function_call` item per tool call.
 */
export function responseFromCompletion(shell: ResponseShell, completion: ChatCompletion) {
  const choice = completion.choices[0];
  const output: OutputItem[] = [];
  const message = choice?.message;
  const content: ContentPart[] = [];
  if (typeof message?.content === "string" && message.content) content.push(textPart(message.content));
  if (typeof message?.refusal === "string" && message.refusal) content.push({ type: "refusal", refusal: message.refusal });
  if (content.length)
    output.push({ type: "message", id: outputItemId(shell.id, "msg", 0), status: "completed", role: "assistant", content });
  const calls = (message?.tool_calls ?? []) as Array<{ id?: string; function?: { name?: string; arguments?: string } }>;
  for (const call of calls) {
    const item: OutputItem = {
      type: "function_call",
      id: outputItemId(shell.id, "fc", output.length),
      status: "completed",
      call_id: call.id ?? "",
      name: call.function?.name ?? "",
      arguments: call.function?.arguments ?? "",
      ...namespaceOf(shell.tools, call.function?.name ?? ""),
    };
    output.push(isCustomTool(shell.tools, item.name) ? customCallOf(item) : item);
  }
  const finish = statusOfFinish(choice?.finish_reason ?? null);
  return responseObject(shell, { ...finish, model: completion.model, output, usage: responsesUsage(completion.usage) });
}
