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

/**
 * Responses input items as chat messages, in order: messages map one to one; consecutive
 * `function_call` items join the assistant turn before them (one turn, many tool calls);
 * `function_call_output` becomes a `tool` message. Reasoning items are the model's own
 * scratch work and have no chat form, so they are left out; anything else is a 400 naming it.
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
      case "function_call": {
        const call = item as Extract<InputItem, { type: "function_call" }>;
        const toolCall = { id: call.call_id, type: "function", function: { name: call.name, arguments: call.arguments } };
        const last = messages.at(-1);
        if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), toolCall];
        else messages.push({ role: "assistant", content: null, tool_calls: [toolCall] });
        return;
      }
      case "function_call_output": {
        const output = item as Extract<InputItem, { type: "function_call_output" }>;
        const content = typeof output.output === "string" ? output.output : partsText(output.output, `${at}.output`);
        messages.push({ role: "tool", tool_call_id: output.call_id, content });
        return;
      }
      case "reasoning":
        return;
      default:
        unsupported(`${at}.type`, `an item of type '${type}'`);
    }
  });
  return messages;
}
