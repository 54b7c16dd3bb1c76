import { z } from "zod";
import { REQUEST_MODEL_MAX_CHARS } from "../platform-limits.ts";

/**
 * What the embeddings door reads from an OpenAI embeddings request; other fields are kept
 * (looseObject) and reach OpenAI-compatible providers as sent, as on the chat door.
 */
export const embeddingsRequestSchema = z.looseObject({
  model: z
    .string()
    .min(1, "model is required")
    .max(REQUEST_MODEL_MAX_CHARS, `model is longer than ${REQUEST_MODEL_MAX_CHARS} characters: no workflow or route has such a name`),
  // Text, texts, or token arrays (OpenAI's four input forms).
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.number().int().min(1).nullish(),
  user: z.string().nullish(),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
