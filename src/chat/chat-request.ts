import { z } from "zod";
import { parseJsonObject, validateWith } from "../http/validate.ts";
import { REQUEST_MODEL_MAX_CHARS } from "../platform-limits.ts";

/**
 * Every field the gateway or a native adapter reads is typed here, so a wrong type is a 400 naming
 * it instead of a crash deep in a translation (a 500). Values stay unchecked beyond their type
 * (ranges are the provider's to judge), optional fields accept `null` as "not given" as OpenAI
 * does, and unknown fields are kept untouched (looseObject) so they reach OpenAI-compatible providers as sent.
 */

/** `when` requires `field` to be present: `{type: "function"}` needs `function`, and so on. */
function requireFor<T extends Record<string, unknown>>(when: (value: T) => boolean, field: keyof T & string) {
  return (value: T, ctx: z.RefinementCtx<T>) => {
    if (when(value) && (value[field] === undefined || value[field] === null))
      ctx.addIssue({ code: "custom", path: [field], message: `${field} is required here` });
  };
}

const contentPart = z
  .looseObject({
    type: z.string(),
    text: z.string().optional(),
    image_url: z.looseObject({ url: z.string() }).optional(),
  })
  .superRefine(requireFor((part) => part.type === "text", "text"))
  .superRefine(requireFor((part) => part.type === "image_url", "image_url"));

const functionCall = z.looseObject({ name: z.string(), arguments: z.string() });

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().nullish(),
  tool_calls: z.array(z.looseObject({ id: z.string(), type: z.string().optional(), function: functionCall })).nullish(),
  tool_call_id: z.string().nullish(),
});

const tool = z
  .looseObject({
    type: z.string(),
    function: z
      .looseObject({
        name: z.string().min(1),
        description: z.string().nullish(),
        parameters: z.record(z.string(), z.unknown()).nullish(),
        strict: z.boolean().nullish(),
      })
      .optional(),
  })
  .superRefine(requireFor((t) => t.type === "function", "function"));

const toolChoice = z.union([
  z.string(),
  z
    .looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).optional() })
    .superRefine(requireFor((choice) => choice.type === "function", "function")),
]);

const responseFormat = z
  .looseObject({
    type: z.string(),
    json_schema: z
      .looseObject({ name: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() })
      .optional(),
  })
  .superRefine(requireFor((format) => format.type === "json_schema", "json_schema"));

const integer = z.number().int();

/** What the gateway relies on in a chat request (see the module comment). */
export const chatRequestSchema = z.looseObject({
  model: z
    .string()
    .min(1, "model is required")
    .max(REQUEST_MODEL_MAX_CHARS, `model is longer than ${REQUEST_MODEL_MAX_CHARS} characters: no workflow or route has such a name`),
  messages: z.array(message).min(1, "messages must contain at least one message"),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  n: integer.min(1).nullish(),
  max_tokens: integer.min(0).nullish(),
  max_completion_tokens: integer.min(0).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  seed: integer.nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormat.nullish(),
  user: z.string().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: integer.min(0).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Parses a JSON body text into a chat request, or throws a 400 naming the offending field. */
export function parseChatRequest(text: string): ChatRequest {
  return validateWith(chatRequestSchema, parseJsonObject(text));
}
