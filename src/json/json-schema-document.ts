import { dereference, type Schema } from "@cfworker/json-schema";
import { z } from "zod";

const TYPE_NAMES = ["array", "boolean", "integer", "null", "number", "object", "string"] as const;
/** Keywords whose value is one subschema, a list of them, or a map of them. */
const SUBSCHEMA = [
  "additionalProperties",
  "unevaluatedProperties",
  "items",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "propertyNames",
  "unevaluatedItems",
];
const SUBSCHEMA_LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SUBSCHEMA_MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const NON_NEGATIVE = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"];

/** What is wrong with one (sub)schema at `path`, keyword by keyword; subschemas are walked too. */
function schemaProblems(schema: unknown, path: string, refs: string[]): string[] {
  if (typeof schema === "boolean") return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    return [`${path || "/"}: a schema must be an object or a boolean`];
  const s = schema as Record<string, unknown>;
  const problems: string[] = [];
  const at = (keyword: string) => `${path}/${keyword}`;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.length === 0 || types.some((t) => !TYPE_NAMES.includes(t as never)))
      problems.push(`${at("type")}: must be one of ${TYPE_NAMES.join(", ")}`);
  }
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === "string")))
    problems.push(`${at("required")}: must be an array of strings`);
  if (s.enum !== undefined && !Array.isArray(s.enum)) problems.push(`${at("enum")}: must be an array`);
  for (const keyword of NON_NEGATIVE)
    if (s[keyword] !== undefined && !(Number.isInteger(s[keyword]) && (s[keyword] as number) >= 0))
      problems.push(`${at(keyword)}: must be a non-negative integer`);
  for (const keyword of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"])
    if (s[keyword] !== undefined && typeof s[keyword] !== "number") problems.push(`${at(keyword)}: must be a number`);
  if (s.pattern !== undefined) {
    try {
      new RegExp(String(s.pattern), "u");
    } catch {
      problems.push(`${at("pattern")}: not a valid regular expression`);
    }
  }
  if (typeof s.$ref === "string") refs.push(s.$ref);
  for (const keyword of SUBSCHEMA) if (s[keyword] !== undefined) problems.push(...schemaProblems(s[keyword], at(keyword), refs));
  for (const keyword of SUBSCHEMA_LIST) {
    if (s[keyword] === undefined) continue;
    if (!Array.isArray(s[keyword])) problems.push(`${at(keyword)}: must be an array of schemas`);
    else for (const [i, sub] of (s[keyword] as unknown[]).entries()) problems.push(...schemaProblems(sub, `${at(keyword)}/${i}`, refs));
  }
  for (const keyword of SUBSCHEMA_MAP) {
    if (s[keyword] === undefined) continue;
    if (typeof s[keyword] !== "object" || s[keyword] === null || Array.isArray(s[keyword]))
      problems.push(`${at(keyword)}: must be an object of schemas`);
    else
      for (const [name, sub] of Object.entries(s[keyword] as object)) problems.push(...schemaProblems(sub, `${at(keyword)}/${name}`, refs));
  }
  return problems;
}

/**
 * Problems that make `schema` unusable as a JSON Schema (draft 2020-12) response contract: wrong
 * keyword types, invalid patterns, `$ref`s that resolve to nothing. Empty when it is usable.
 */
export function jsonSchemaProblems(schema: unknown): string[] {
  const refs: string[] = [];
  const problems = schemaProblems(schema, "", refs);
  if (problems.length > 0) return problems;
  let lookup: Record<string, unknown>;
  try {
    lookup = dereference(schema as Schema);
  } catch (error) {
    return [`its identifiers do not resolve: ${error instanceof Error ? error.message : String(error)}`];
  }
  const base = Object.keys(lookup)[0] ?? "";
  for (const ref of refs) {
    const uri = ref.startsWith("#") ? `${base.split("#")[0]}${ref}` : ref;
    if (!(uri in lookup) && !(ref in lookup)) problems.push(`$ref "${ref}" resolves to nothing (only local references are supported)`);
  }
  return problems;
}

/** A JSON Schema object, checked when it is saved (400 naming the first problem otherwise). */
export const jsonSchemaDocument = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  for (const problem of jsonSchemaProblems(schema).slice(0, 5))
    ctx.addIssue({ code: "custom", message: `not a usable JSON Schema: ${problem}` });
});
