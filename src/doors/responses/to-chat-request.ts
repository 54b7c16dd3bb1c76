import type { ChatRequest } from "../../chat/chat-request.ts";
import { invalidRequest } from "../../http/gateway-error.ts";
import { chatTools, type HostedToolRule, type TranslationRefusal } from "./chat-tools.ts";
import { droppedFields } from "./field-rules.ts";
import { inputMessages } from "./input-messages.ts";
import type { InputItem, ResponsesRequest } from "./responses-request.ts";

/** A string input is one user message; the items form is used as is. */
export function inputItemsOf(request: ResponsesRequest): InputItem[] {
  const { input } = request;
  if (input === undefined) return [];
  return typeof input === "string" ? [{ type: "message", role: "user", content: input }] : input;
}

function chatToolChoice(choice: NonNullable<ResponsesRequest["tool_choice"]>): ChatRequest["tool_choice"] {
  if (typeof choice === "string") return choice;
  if (choice.type === "function" && choice.name) return { type: "function", function: { name: choice.name } };
  throw invalidRequest(
    `Unsupported tool_choice of type '${choice.type}': use auto, none, required or a function.`,
    "tool_choice.type",
    "unsupported_parameter",
  );
}

function responseFormat(format: NonNullable<NonNullable<ResponsesRequest["text"]>["format"]>): ChatRequest["response_format"] {
  switch (format.type) {
    case "text":
      return undefined;
    case "json_object":
      return { type: "json_object" };
    case "json_schema":
      if (!format.schema) throw invalidRequest("Invalid request: text.format.schema is required", "text.format.schema", "invalid_value");
      return {
        type: "json_schema",
        json_schema: {
          name: format.name ?? "response",
          schema: format.schema,
          ...(typeof format.strict === "boolean" ? { strict: format.strict } : {}),
          ...(format.description ? { description: format.description } : {}),
        },
      };
  }
}

/** Drops absent (undefined or null) fields, so the upstream body carries only what was asked. */
function present<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}

/** A Responses request as chat, with the fields the translation left out (by name, for the record). */
export interface TranslatedRequest {
  chat: ChatRequest;
  dropped: string[];
  /** Set when no translated target may take the request (a hosted tool the workflow refuses). */
  refused: TranslationRefusal | null;
}

/**
 * The chat request equivalent to a Responses request: `instructions` first (as a system
 * message; they are never carried over from an earlier response), then the earlier turns
 * (`context`, from `previous_response_id`), then this request's input. Gateway-side fields
 * (`store`, `metadata`, `previous_response_id`, `truncation`) do not reach the upstream; the
 * rest follows `field-rules.ts`. Hosted tools are dropped or refused (for translated targets only) as `hosted` says.
 */
export function toChatRequest(request: ResponsesRequest, context: InputItem[], hosted: HostedToolRule = "drop"): TranslatedRequest {
  const messages = [
    ...(request.instructions ? [{ role: "system" as const, content: request.instructions }] : []),
    ...inputMessages(context, "previous_response_id"),
    ...inputMessages(inputItemsOf(request)),
  ];
  if (messages.length === 0) throw invalidRequest("Invalid request: input is required", "input", "invalid_value");
  const translatedTools = request.tools?.length ? chatTools(request.tools, hosted) : undefined;
  const tools = translatedTools?.tools.length ? translatedTools.tools : undefined;
  const format = request.text?.format ? responseFormat(request.text.format) : undefined;
  const chat: ChatRequest = {
    model: request.model,
    messages,
    ...present({
      stream: request.stream,
      tools,
      tool_choice: tools && request.tool_choice ? chatToolChoice(request.tool_choice) : undefined,
      // OpenAI refuses tool_choice and parallel_tool_calls without tools.
      parallel_tool_calls: tools ? request.parallel_tool_calls : undefined,
      response_format: format,
      max_completion_tokens: request.max_output_tokens,
      temperature: request.temperature,
      top_p: request.top_p,
      user: request.user,
      reasoning_effort: request.reasoning?.effort,
      verbosity: request.text?.verbosity,
      service_tier: request.service_tier,
      prompt_cache_key: request.prompt_cache_key,
      prompt_cache_retention: request.prompt_cache_retention,
      safety_identifier: request.safety_identifier,
    }),
  };
  return { chat, dropped: [...droppedFields(request), ...(translatedTools?.dropped ?? [])], refused: translatedTools?.refused ?? null };
}
