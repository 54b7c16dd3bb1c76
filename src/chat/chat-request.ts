import { z } from "zod";
import { parseJsonObject, validateWith } from "../http/validate.ts";

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
});

/**
 * What the gateway relies on in a chat request. Unknown fields are kept untouched
 * (looseObject) so they reach OpenAI-compatible providers as sent.
 */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1, "model is required"),
  messages: z.array(message).min(1, "messages must contain at least one message"),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Parses a JSON body text into a chat request, or throws a 400 naming the offending field. */
export function parseChatRequest(text: string): ChatRequest {
  return validateWith(chatRequestSchema, parseJsonObject(text));
}
