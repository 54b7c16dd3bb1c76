import type { z } from "zod";
import { invalidRequest } from "./gateway-error.ts";

/** `["messages", 0, "role"]` → `messages[0].role`, OpenAI's way of naming a param. */
export function paramPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, "");
}

/** Parses a JSON object body, or throws a 400 `invalid_json`. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest("The request body is not valid JSON.", null, "invalid_json");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw invalidRequest("The request body must be a JSON object.", null, "invalid_json");
  }
  return json as Record<string, unknown>;
}

/** Validates with a zod schema, or throws a 400 whose `param` names the first offending field. */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? paramPath(issue.path) : "";
  const detail = issue?.message ?? "invalid value";
  throw invalidRequest(`Invalid request: ${param ? `${param}: ` : ""}${detail}`, param || null, "invalid_value");
}
