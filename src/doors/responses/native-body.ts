import type { InputItem } from "./responses-request.ts";

/**
 * The body a Responses-native target gets: the client's as sent, unless it leans on the gateway's
 * store (`previous_response_id` naming a response the gateway stored, `item_reference`), which the
 * upstream cannot read: then the stored turns and resolved items are spelled out in `input`. An
 * upstream's own `previous_response_id` goes as sent.
 */
export function nativeBody(body: Record<string, unknown>, input: InputItem[], context: InputItem[], continuesStored: boolean) {
  const referenced = Array.isArray(body.input) && body.input.some((item) => (item as { type?: unknown })?.type === "item_reference");
  if (!continuesStored && !referenced) return body;
  const { previous_response_id: _, ...rest } = body;
  return { ...rest, input: [...context, ...input] };
}
