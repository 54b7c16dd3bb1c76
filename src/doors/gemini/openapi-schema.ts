/**
 * Gemini's `Schema` (an OpenAPI 3.0 subset: upper-case `type`, `nullable`) as JSON Schema, which
 * chat targets take for tool parameters and response formats. Keywords both share pass as they are;
 * Gemini-only ordering hints are left out.
 */
export function openApiToJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openApiToJsonSchema);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "propertyOrdering") continue;
    if (key === "type" && typeof value === "string") out.type = value.toLowerCase();
    else if (key === "properties" && typeof value === "object" && value !== null)
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, openApiToJsonSchema(sub)]));
    else if (key === "items" || key === "anyOf") out[key] = openApiToJsonSchema(value);
    else out[key] = value;
  }
  const nullable = (schema as { nullable?: unknown }).nullable === true;
  if (nullable && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}
