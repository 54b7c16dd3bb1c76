import type { StoredResponse } from "../../logs/log-record.ts";
import type { InputItem } from "./responses-request.ts";

const PREFIX: Record<string, string> = { message: "msg", function_call: "fc", function_call_output: "fco" };

/**
 * This request's input as the items `GET /v1/responses/{id}/input_items` lists: each with an id
 * (the client's, or one naming the response and position), string message content as parts.
 */
export function storedInputItems(responseId: string, items: InputItem[]): StoredResponse["inputItems"] {
  const suffix = responseId.slice(5);
  return items.map((item, i) => {
    const type = item.type ?? "message";
    const id = typeof item.id === "string" && item.id ? item.id : `${PREFIX[type] ?? "item"}_${suffix}_in${i}`;
    if (type !== "message" || typeof item.content !== "string") return { ...item, type, id };
    const partType = item.role === "assistant" ? "output_text" : "input_text";
    return { ...item, type, id, content: [{ type: partType, text: item.content }] };
  });
}

/** The turns a response continues into, for the next `previous_response_id`: its context, its input, its output. */
export function conversationOf(stored: StoredResponse): InputItem[] {
  const output = Array.isArray(stored.response.output) ? (stored.response.output as InputItem[]) : [];
  return [...(stored.context as InputItem[]), ...stored.inputItems, ...output] as InputItem[];
}
