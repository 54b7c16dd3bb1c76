import type { RequestTranslation } from "../provider-adapter.ts";
import { appendTurn } from "../translate/alternating-turns.ts";
import {
  contentText,
  functionTools,
  namedToolChoice,
  type OpenAIContentPart,
  type OpenAIMessage,
  type OpenAIResponseFormat,
  type OpenAIToolChoice,
  parseDataUrl,
  parseToolArguments,
  stopList,
  unmappedFields,
} from "../translate/openai-request.ts";

/** Anthropic requires `max_tokens`; used when the client sets neither limit. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;
/** The tool a JSON Schema contract is forced through (Anthropic has no response_format); its input is the answer. */
export const STRUCTURED_OUTPUT_TOOL = "gateway_json_response";

const MAPPED = new Set([
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "response_format",
  "user",
  "n",
]);

type Block = Record<string, unknown>;
type AnthropicMessage = { role: "user" | "assistant"; content: Block[] };
type Refusal = { param: string; message: string };

function imageBlock(part: OpenAIContentPart): Block {
  const url = part.image_url?.url ?? "";
  const inline = parseDataUrl(url);
  return inline
    ? { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.data } }
    : { type: "image", source: { type: "url", url } };
}

/** A user/assistant message's content as Anthropic blocks, or the part it cannot carry. */
function contentBlocks(message: OpenAIMessage, path: string): Block[] | Refusal {
  if (typeof message.content === "string") return message.content ? [{ type: "text", text: message.content }] : [];
  const blocks: Block[] = [];
  for (const [i, part] of (message.content ?? []).entries()) {
    if (part.type === "text") blocks.push({ type: "text", text: part.text ?? "" });
    else if (part.type === "image_url") blocks.push(imageBlock(part));
    else return { param: `${path}.content[${i}].type`, message: `anthropic cannot take '${part.type}' content parts` };
  }
  return blocks;
}

/** OpenAI messages → Anthropic `system` + alternating messages; tool results become `tool_result` blocks. */
function mapMessages(input: OpenAIMessage[]): { system: string; messages: AnthropicMessage[] } | Refusal {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const [i, message] of input.entries()) {
    const path = `messages[${i}]`;
    switch (message.role) {
      case "system":
      case "developer":
        system.push(contentText(message.content));
        break;
      case "tool":
      case "function":
        appendTurn(messages, "user", "content", [
          { type: "tool_result", tool_use_id: message.tool_call_id ?? message.name ?? "", content: contentText(message.content) },
        ]);
        break;
      case "user":
      case "assistant": {
        const blocks = contentBlocks(message, path);
        if (!Array.isArray(blocks)) return blocks;
        for (const call of message.tool_calls ?? [])
          blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments) });
        appendTurn(messages, message.role, "content", blocks);
        break;
      }
    }
  }
  return { system: system.filter(Boolean).join("\n\n"), messages };
}

function mapToolChoice(choice: OpenAIToolChoice | undefined, parallel: unknown): Block | undefined {
  let mapped: Block | undefined;
  if (choice === "auto") mapped = { type: "auto" };
  else if (choice === "none") mapped = { type: "none" };
  else if (choice === "required") mapped = { type: "any" };
  else if (namedToolChoice(choice)) mapped = { type: "tool", name: namedToolChoice(choice) };
  if (parallel === false) mapped = { ...(mapped ?? { type: "auto" }), disable_parallel_tool_use: true };
  return mapped;
}

/**
 * OpenAI Chat Completions → Anthropic Messages. `n > 1` refuses the target (one answer per
 * request); unmapped fields (penalties, seed, logprobs, …) are dropped and named; a
 * `json_schema` response format becomes a forced tool whose input is the answer.
 */
export function toAnthropicRequest(body: Record<string, unknown>, stream: boolean): RequestTranslation {
  if (typeof body.n === "number" && body.n > 1)
    return { ok: false, param: "n", message: "anthropic returns one choice per request (n > 1)" };
  const mapped = mapMessages((body.messages ?? []) as OpenAIMessage[]);
  if (!("messages" in mapped)) return { ok: false, ...mapped };
  const dropped = unmappedFields(body, MAPPED);
  const requested = functionTools(body.tools, "anthropic");
  if (!requested.ok) return requested;
  const tools: Block[] = requested.tools.map((tool) => ({
    name: tool.function.name,
    ...(tool.function.description ? { description: tool.function.description } : {}),
    input_schema: tool.function.parameters ?? { type: "object", properties: {} },
  }));
  let toolChoice = mapToolChoice(body.tool_choice as OpenAIToolChoice | undefined, body.parallel_tool_calls);
  const format = body.response_format as OpenAIResponseFormat | undefined;
  if (format?.type === "json_schema") {
    tools.push({
      name: STRUCTURED_OUTPUT_TOOL,
      description: "Respond with the answer as this tool's input.",
      input_schema: format.json_schema.schema ?? { type: "object" },
    });
    if (tools.length === 1) toolChoice = { type: "tool", name: STRUCTURED_OUTPUT_TOOL };
  } else if (format?.type === "json_object") dropped.push("response_format");
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  const out: Record<string, unknown> = { model: body.model, max_tokens: maxTokens, messages: mapped.messages };
  if (mapped.system) out.system = mapped.system;
  // OpenAI's temperature runs to 2, Anthropic's to 1.
  if (typeof body.temperature === "number") out.temperature = Math.min(body.temperature, 1);
  if (typeof body.top_p === "number") out.top_p = body.top_p;
  const stop = stopList(body.stop);
  if (stop?.length) out.stop_sequences = stop;
  if (tools.length) out.tools = tools;
  if (toolChoice && tools.length) out.tool_choice = toolChoice;
  if (typeof body.user === "string") out.metadata = { user_id: body.user };
  if (stream) out.stream = true;
  return { ok: true, body: out, dropped };
}
