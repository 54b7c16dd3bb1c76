import type { ChatRequest } from "../../chat/chat-request.ts";
import { invalidRequest } from "../../http/gateway-error.ts";
import type { InputItem, InputPart, MessageItem } from "./responses-request.ts";

type ChatMessage = ChatRequest["messages"][number];
type ChatPart = Extract<NonNullable<ChatMessage["content"]>, unknown[]>[number];

/** A refused item or part: 400 `unsupported_parameter` naming where it is. */
function unsupported(param: string, what: string): never {
  throw invalidRequest(`Unsupported input: ${what} at '${param}' has no chat-completions equivalent.`, param, "unsupported_parameter");
}

/** An input content part as a chat content part: text, image and file parts have equivalents. */
function chatPart(part: InputPart, param: string): ChatPart | null {
  switch (part.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: part.text ?? "" };
    case "refusal":
      return { type: "text", text: part.refusal ?? "" };
    case "input_image":
      if (!part.image_url) unsupported(`${param}.file_id`, "an image by file_id (the gateway has no file store)");
      return { type: "image_url", image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) } };
    case "input_file": {
      const file = { ...(part.file_data ? { file_data: part.file_data } : {}), ...(part.file_id ? { file_id: part.file_id } : {}) };
      return { type: "file", file: { ...file, ...(part.filename ? { filename: part.filename } : {}) } };
    }
    default:
      return unsupported(`${param}.type`, `a content part of type '${part.type}'`);
  }
}

/** The text of parts (an assistant turn or a tool result is plain text in chat completions). */
function partsText(parts: InputPart[], param: string): string {
  return parts
    .map((part, i) => {
      const chat = chatPart(part, `${param}[${i}]`);
      return chat?.type === "text" ? chat.text : unsupported(`${param}[${i}].type`, `a '${part.type}' part here`);
    })
    .join("");
}

function messageOf(item: MessageItem, param: string): ChatMessage {
  const { role, content } = item;
  if (typeof content === "string") return { role, content };
  // Assistant and system turns are text in chat completions; user turns keep their parts (images, files).
  if (role !== "user") return { role, content: partsText(content, `${param}.content`) };
  return { role, content: content.map((part, i) => chatPart(part, `${param}.content[${i}]`)).filter((p) => p !== null) };
}

type ToolCall = NonNullable<ChatMessage["tool_calls"]>[number];

/** A call item as a chat tool call: a freeform call's text is `{input}`, a shell call's arguments are its action. */
function asFunctionCall(item: InputItem): ToolCall {
  const call = item as { type: string; call_id?: string; id?: string; name?: string; arguments?: string; input?: string; action?: unknown };
  const id = call.call_id ?? call.id ?? "";
  if (call.type === "custom_tool_call")
    return { id, type: "function", function: { name: call.name ?? "", arguments: JSON.stringify({ input: call.input ?? "" }) } };
  if (call.type === "local_shell_call")
    return { id, type: "function", function: { name: "local_shell", arguments: JSON.stringify(call.action ?? {}) } };
  return { id, type: "function", function: { name: call.name ?? "", arguments: call.arguments ?? "" } };
}

/** Consecutive calls join the assistant turn before them (one turn, many tool calls). */
function addToolCall(messages: ChatMessage[], toolCall: ToolCall): void {
  const last = messages.at(-1);
  if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), toolCall];
  else messages.push({ role: "assistant", content: null, tool_calls: [toolCall] });
}

/**
 * Responses input items as chat messages, in order: messages map one to one; consecutive
 * `function_call` items join the assistant turn before them (one turn, many tool calls);
 * `function_call_output` becomes a `tool` message. Freeform (`custom_tool_call`) and `local_shell_call`
 * items are function calls of the tools `chat-tools.ts` made for them. Reasoning items and hosted
 * search traces have no chat form and are left out; anything else is a 400 naming it.
 */
export function inputMessages(items: InputItem[], param = "input"): ChatMessage[] {
  const messages: ChatMessage[] = [];
  items.forEach((item, i) => {
    const at = `${param}[${i}]`;
    const type = item.type ?? "message";
    switch (type) {
      case "message":
        messages.push(messageOf(item as MessageItem, at));
        return;
      case "function_call":
      case "custom_tool_call":
      case "local_shell_call":
        addToolCall(messages, asFunctionCall(item));
        return;
      case "function_call_output":
      case "custom_tool_call_output":
      case "local_shell_call_output": {
        const output = item as { call_id?: string; id?: string; output: string | InputPart[] };
        const content = typeof output.output === "string" ? output.output : partsText(output.output, `${at}.output`);
        messages.push({ role: "tool", tool_call_id: output.call_id ?? output.id ?? "", content });
        return;
      }
      // The model's scratch work, and a hosted search's trace (its findings are in the message after it).
      case "reasoning":
      case "web_search_call":
        return;
      default:
        unsupported(`${at}.type`, `an item of type '${type}'`);
    }
  });
  return messages;
}
