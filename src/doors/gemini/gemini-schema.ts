import { z } from "zod";

/**
 * What the Gemini door reads from a `generateContent` request, typed so a wrong type is a 400
 * naming the field. Unknown fields are kept (looseObject): the mapper translates or drops them by
 * name, and a Gemini-type target gets the body as sent, so a new field is never a 400.
 */

/** A part; only the fields the mapper reads are typed. */
const part = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().nullish(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).optional(),
  fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  functionCall: z.looseObject({ id: z.string().nullish(), name: z.string(), args: z.unknown().optional() }).optional(),
  functionResponse: z.looseObject({ id: z.string().nullish(), name: z.string(), response: z.unknown().optional() }).optional(),
});
export type GeminiRequestPart = z.infer<typeof part>;

const content = z.looseObject({ role: z.string().nullish(), parts: z.array(part) });
export type GeminiContent = z.infer<typeof content>;

const functionDeclaration = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  parametersJsonSchema: z.record(z.string(), z.unknown()).nullish(),
});

const tool = z.looseObject({ functionDeclarations: z.array(functionDeclaration).nullish() });
export type GeminiTool = z.infer<typeof tool>;

const generationConfig = z.looseObject({
  temperature: z.number().nullish(),
  topP: z.number().nullish(),
  maxOutputTokens: z.number().int().min(1).nullish(),
  stopSequences: z.array(z.string()).nullish(),
  candidateCount: z.number().int().min(1).nullish(),
  presencePenalty: z.number().nullish(),
  frequencyPenalty: z.number().nullish(),
  seed: z.number().int().nullish(),
  responseMimeType: z.string().nullish(),
  responseSchema: z.record(z.string(), z.unknown()).nullish(),
  responseJsonSchema: z.record(z.string(), z.unknown()).nullish(),
});
export type GeminiGenerationConfig = z.infer<typeof generationConfig>;

export const generateContentSchema = z.looseObject({
  contents: z.array(content).min(1, "contents must contain at least one content"),
  systemInstruction: z.union([z.string(), content]).nullish(),
  tools: z.array(tool).nullish(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z.looseObject({ mode: z.string().nullish(), allowedFunctionNames: z.array(z.string()).nullish() }).nullish(),
    })
    .nullish(),
  generationConfig: generationConfig.nullish(),
  safetySettings: z.array(z.looseObject({})).nullish(),
});
export type GenerateContentRequest = z.infer<typeof generateContentSchema>;
