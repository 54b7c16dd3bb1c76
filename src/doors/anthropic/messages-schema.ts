import { z } from "zod";
import { REQUEST_MODEL_MAX_CHARS } from "../../platform-limits.ts";

/**
 * What the Messages door reads from an Anthropic Messages request, typed so a wrong type is a 400
 * naming the field. Blocks and unknown fields are kept (looseObject): Claude Code sends fields
 * (`thinking`, `context_management`, `output_config`, `cache_control`, …) that the mapper
 * translates or drops by name, and a new one must never be a 400.
 */

const textBlock = z.looseObject({ type: z.literal("text"), text: z.string() });

/** A content block; only the fields the mapper reads are typed. */
const block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
  is_error: z.boolean().nullish(),
  source: z.looseObject({ type: z.string() }).optional(),
});
export type MessagesBlock = z.infer<typeof block>;

const message = z.looseObject({
  // Claude Code sends `system` turns inside `messages` (mid-conversation instructions).
  role: z.enum(["user", "assistant", "system"]),
  content: z.union([z.string(), z.array(block)]),
});
export type MessagesMessage = z.infer<typeof message>;

const tool = z.looseObject({
  name: z.string().min(1),
  type: z.string().nullish(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
});
export type MessagesTool = z.infer<typeof tool>;

const toolChoice = z.looseObject({
  type: z.enum(["auto", "any", "tool", "none"]),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().nullish(),
});

/** An Anthropic Messages request, as far as the door reads it. */
export const messagesRequestSchema = z.looseObject({
  model: z
    .string()
    .min(1, "model is required")
    .max(REQUEST_MODEL_MAX_CHARS, `model is longer than ${REQUEST_MODEL_MAX_CHARS} characters: no workflow or route has such a name`),
  messages: z.array(message).min(1, "messages must contain at least one message"),
  // Anthropic requires it; the door does not, so a client that omits it gets the target's default.
  max_tokens: z.number().int().min(1).nullish(),
  system: z.union([z.string(), z.array(textBlock)]).nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  output_config: z.looseObject({}).nullish(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
