import type { RequestTranslation } from "../provider-adapter.ts";
import { unmappedFields } from "../translate/openai-request.ts";

const MAPPED = new Set([
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "seed",
  "frequency_penalty",
  "presence_penalty",
  "tools",
  "response_format",
  "n",
]);

/** OpenAI body → Workers AI text-generation inputs (its chat schema is OpenAI's messages and tools). */
export function toWorkersAiInputs(body: Record<string, unknown>, stream: boolean): RequestTranslation {
  if (typeof body.n === "number" && body.n > 1)
    return { ok: false, param: "n", message: "workers-ai returns one choice per request (n > 1)" };
  const inputs: Record<string, unknown> = { messages: body.messages };
  for (const field of ["temperature", "top_p", "seed", "frequency_penalty", "presence_penalty", "tools", "response_format"])
    if (body[field] !== undefined && body[field] !== null) inputs[field] = body[field];
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens !== undefined) inputs.max_tokens = maxTokens;
  if (stream) inputs.stream = true;
  return { ok: true, body: inputs, dropped: unmappedFields(body, MAPPED) };
}
