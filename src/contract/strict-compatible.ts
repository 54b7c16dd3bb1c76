/** Keywords whose value is a map of name → subschema (a property named `type` is not a keyword). */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);

/**
 * Whether OpenAI's `strict: true` structured outputs accept this schema: every object closes its
 * properties (`additionalProperties: false`) and requires all of them. Sending `strict` with a
 * schema that breaks this makes OpenAI refuse the request, so the gateway asks for strict mode
 * only when it holds.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return true;
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  const s = schema as Record<string, unknown>;
  if (s.properties !== undefined || s.type === "object") {
    const names = Object.keys((s.properties as object | undefined) ?? {});
    const required = Array.isArray(s.required) ? s.required : [];
    if (s.additionalProperties !== false || !names.every((name) => required.includes(name))) return false;
  }
  return Object.entries(s).every(([keyword, value]) => {
    if (DATA_KEYWORDS.has(keyword)) return true;
    if (SCHEMA_MAPS.has(keyword) && typeof value === "object" && value !== null) return Object.values(value).every(isStrictCompatible);
    return isStrictCompatible(value);
  });
}
