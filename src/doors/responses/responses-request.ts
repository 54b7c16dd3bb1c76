import { z } from "zod";
import { invalidRequest } from "../../http/gateway-error.ts";
import { parseJsonObject, validateWith } from "../../http/validate.ts";
import { valueDepth } from "../../logs/record-body.ts";
import { REQUEST_MODEL_MAX_CHARS } from "../../platform-limits.ts";
import { refusedField } from "./field-rules.ts";

/**
 * The Responses API request, as far as the gateway reads it. Objects are loose: SDKs add fields
 * (`id`, `status` on items sent back) and the API grows; what each field becomes when translated
 * is `field-rules.ts`'s decision, and what cannot be honoured is refused by name, never dropped in silence.
 */

const text = z.string();

/** A content part of an input message: text, an image, a file (what chat completions can carry). */
const inputPart = z.looseObject({
  type: z.string(),
  text: text.optional(),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
  file_data: z.string().nullish(),
  filename: z.string().nullish(),
  refusal: z.string().nullish(),
});

const messageItem = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "system", "developer", "assistant"]),
  content: z.union([text, z.array(inputPart)]),
  id: z.string().nullish(),
});

const functionCallItem = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  id: z.string().nullish(),
});

const functionCallOutputItem = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: z.union([text, z.array(inputPart)]),
  id: z.string().nullish(),
});

/** Any other item: checked by type in the translation, so the 400 can name it. */
const otherItem = z.looseObject({ type: z.string() });

export const inputItem = z.union([messageItem, functionCallItem, functionCallOutputItem, otherItem]);
export type InputItem = z.infer<typeof inputItem>;
export type MessageItem = z.infer<typeof messageItem>;
export type InputPart = z.infer<typeof inputPart>;

const functionTool = z.looseObject({
  type: z.string(),
  name: z.string().min(1).optional(),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const toolChoice = z.union([z.enum(["auto", "none", "required"]), z.looseObject({ type: z.string(), name: z.string().optional() })]);

const textFormat = z.looseObject({
  type: z.enum(["text", "json_schema", "json_object"]),
  name: z.string().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
  description: z.string().nullish(),
});

const integer = z.number().int();

export const responsesRequestSchema = z.looseObject({
  model: z
    .string()
    .min(1, "model is required")
    .max(REQUEST_MODEL_MAX_CHARS, `model is longer than ${REQUEST_MODEL_MAX_CHARS} characters: no workflow or route has such a name`),
  input: z.union([text, z.array(inputItem)]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(functionTool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: textFormat.nullish(), verbosity: z.string().nullish() }).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  max_output_tokens: integer.min(1).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  user: z.string().nullish(),
  include: z.array(z.string()).nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
  service_tier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  prompt_cache_retention: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  stream_options: z.looseObject({}).nullish(),
  background: z.boolean().nullish(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** A set field the gateway cannot honour on any target, with the reason to tell the client. */
function unsupportedField(body: Record<string, unknown>): { field: string; why: string } | null {
  const refused = refusedField(body);
  if (refused) return { field: refused, why: "the gateway cannot honour it, and ignoring it would change the answer" };
  // A background response is read later (polling, resuming): it has to be stored.
  if (body.background === true && body.store === false) return { field: "store", why: "a background response must be stored" };
  return null;
}

/** Deepest `text.format` accepted: JSON Schemas nest a few dozen levels at most. */
const RESPONSE_FORMAT_MAX_DEPTH = 64;

/** Parses a JSON body into a Responses request (with the body as sent), or throws a 400 naming the offending field. */
export function parseResponsesRequest(bodyText: string): { request: ResponsesRequest; body: Record<string, unknown> } {
  const body = parseJsonObject(bodyText);
  const request = validateWith(responsesRequestSchema, body);
  // The response echoes `text.format`, and serializing it recurses on its depth: refused here,
  // before any upstream is called, instead of a 500 after one answered.
  if (valueDepth(request.text?.format, RESPONSE_FORMAT_MAX_DEPTH) > RESPONSE_FORMAT_MAX_DEPTH)
    throw invalidRequest(`text.format is nested deeper than ${RESPONSE_FORMAT_MAX_DEPTH} levels.`, "text.format", "invalid_value");
  const unsupported = unsupportedField(body);
  if (unsupported)
    throw invalidRequest(`Unsupported parameter: '${unsupported.field}': ${unsupported.why}.`, unsupported.field, "unsupported_parameter");
  return { request, body };
}
