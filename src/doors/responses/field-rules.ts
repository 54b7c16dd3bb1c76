/**
 * What becomes of each top-level Responses field when the request is translated for a
 * chat-completions-style target (OpenAI-compatible chat, Anthropic, Gemini, …). A target that
 * speaks the Responses API gets the client's body as sent (model aside), so these rules are for
 * translation only. Published, field by field, in docs/responses-fields.md.
 *
 * - `mapped`: carried over in chat's terms (`max_output_tokens` → `max_completion_tokens`, …);
 * - `gateway`: acted on by the gateway itself (`store`, `previous_response_id`, …);
 * - `dropped`: no chat counterpart, and ignoring it leaves the answer's meaning intact: left out
 *   and named on the attempt's `droppedParams` (the record, `x-gateway-dropped-params`);
 * - `refused`: ignoring it would change the answer (a server-side conversation or prompt
 *   template the gateway cannot read): 400 naming it.
 *
 * A field not listed (one added to the API later) is `dropped`: an unknown field cannot be
 * honoured, and refusing it would break every client one release ahead of the gateway.
 */
export type FieldRule = "mapped" | "gateway" | "dropped" | "refused";

export const RESPONSES_FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  model: "mapped",
  input: "mapped",
  instructions: "mapped",
  tools: "mapped",
  tool_choice: "mapped",
  parallel_tool_calls: "mapped",
  text: "mapped",
  reasoning: "mapped",
  max_output_tokens: "mapped",
  temperature: "mapped",
  top_p: "mapped",
  user: "mapped",
  service_tier: "mapped",
  prompt_cache_key: "mapped",
  prompt_cache_retention: "mapped",
  safety_identifier: "mapped",
  stream: "gateway",
  store: "gateway",
  metadata: "gateway",
  previous_response_id: "gateway",
  background: "gateway",
  truncation: "gateway",
  include: "dropped",
  client_metadata: "dropped",
  stream_options: "dropped",
  top_logprobs: "dropped",
  max_tool_calls: "dropped",
  conversation: "refused",
  prompt: "refused",
};

/** The rule for `field` (unknown fields are dropped). */
export const fieldRule = (field: string): FieldRule => RESPONSES_FIELD_RULES[field] ?? "dropped";

const isSet = (value: unknown) => value !== null && value !== undefined;

/** The first set field whose rule is `refused`, if any. */
export function refusedField(body: Record<string, unknown>): string | null {
  return Object.keys(body).find((field) => isSet(body[field]) && fieldRule(field) === "refused") ?? null;
}

/**
 * Set fields a translation leaves out, by name: dropped top-level fields, and the parts of mapped
 * ones chat has no place for (`reasoning.summary`: chat returns no reasoning summary).
 */
export function droppedFields(body: Record<string, unknown>): string[] {
  const dropped = Object.keys(body).filter((field) => isSet(body[field]) && fieldRule(field) === "dropped");
  const reasoning = body.reasoning;
  if (typeof reasoning === "object" && reasoning !== null)
    for (const [part, value] of Object.entries(reasoning)) if (part !== "effort" && isSet(value)) dropped.push(`reasoning.${part}`);
  return dropped;
}
