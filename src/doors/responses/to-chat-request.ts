import type { ChatRequest } from "../../chat/chat-request.ts";
import { invalidRequest } from "../../http/gateway-error.ts";
import { inputMessages } from "./input-messages.ts";
import type { InputItem, ResponsesRequest } from "./responses-request.ts";

type ChatTool = NonNullable<ChatRequest["tools"]>[number];

/** A string input is one user message; the items form is used as is. */
export function inputItemsOf(request: ResponsesRequest): InputItem[] {
  const { input } = request;
  if (input === undefined) return [];
  return typeof input === "string" ? [{ type: "message", role: "user", content: input }] : input;
}

/** Function tools map to chat tools; built-in tools (web search, file search, …) have no chat equivalent. */
function chatTools(tools: NonNullable<ResponsesRequest["tools"]>): ChatTool[] {
  return tools.map((tool, i) => {
    if (tool.type !== "function")
      throw invalidRequest(
        `Unsupported tool: '${tool.type}' at 'tools[${i}]': the gateway supports function tools only (built-in tools run on OpenAI's servers).`,
        `tools[${i}].type`,
        "unsupported_parameter",
      );
    if (!tool.name) throw invalidRequest(`Invalid request: tools[${i}].name is required`, `tools[${i}].name`, "invalid_value");
    const fn = {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      ...(tool.parameters ? { parameters: tool.parameters } : {}),
      ...(typeof tool.strict === "boolean" ? { strict: tool.strict } : {}),
    };
    return { type: "function", function: fn };
  });
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

/**
 * The chat request equivalent to a Responses request: `instructions` first (as a system
 * message; they are never carried over from an earlier response), then the earlier turns
 * (`context`, from `previous_response_id`), then this request's input. Gateway-side fields
 * (`store`, `metadata`, `previous_response_id`, `include`, `truncation`) do not reach the upstream.
 */
export function toChatRequest(request: ResponsesRequest, context: InputItem[]): ChatRequest {
  const messages = [
    ...(request.instructions ? [{ role: "system" as const, content: request.instructions }] : []),
    ...inputMessages(context, "previous_response_id"),
    ...inputMessages(inputItemsOf(request)),
  ];
  if (messages.length === 0) throw invalidRequest("Invalid request: input is required", "input", "invalid_value");
  const tools = request.tools?.length ? chatTools(request.tools) : undefined;
  const format = request.text?.format ? responseFormat(request.text.format) : undefined;
  return {
    model: request.model,
    messages,
    ...present({
      stream: request.stream,
      tools,
      tool_choice: request.tool_choice ? chatToolChoice(request.tool_choice) : undefined,
      // OpenAI refuses parallel_tool_calls without tools.
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
}
