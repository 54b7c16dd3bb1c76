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

/**
 * The issue to report. For a value that matches no branch of a union (`stop: ["a", 1]`), the
 * deepest issue of any branch names the field better (`stop[1]`) than the union itself (`stop`).
 */
function reportedIssue(issue: z.core.$ZodIssue | undefined): z.core.$ZodIssue | undefined {
  if (issue?.code !== "invalid_union") return issue;
  const deepest = issue.errors.flat().reduce<z.core.$ZodIssue | undefined>((best, candidate) => {
    const found = reportedIssue(candidate);
    return found && found.path.length > (best?.path.length ?? 0) ? found : best;
  }, undefined);
  return deepest ? { ...deepest, path: [...issue.path, ...deepest.path] } : issue;
}

/** Validates with a zod schema, or throws a 400 whose `param` names the first offending field. */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = reportedIssue(result.error.issues[0]);
  const param = issue ? paramPath(issue.path) : "";
  const detail = issue?.message ?? "invalid value";
  throw invalidRequest(`Invalid request: ${param ? `${param}: ` : ""}${detail}`, param || null, "invalid_value");
}
