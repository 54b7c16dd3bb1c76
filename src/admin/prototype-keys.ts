import { paramPath } from "../http/validate.ts";

/**
 * The path of the first `__proto__` key in a parsed JSON body, or null. `JSON.parse` keeps it as an
 * own key, but copying it into an object (as zod's records do) sets the prototype instead, so the
 * entry would vanish silently: the admin API refuses it by name.
 */
export function prototypeKeyPath(value: unknown, path: Array<string | number> = []): string | null {
  if (typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = prototypeKeyPath(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return paramPath([...path, key]);
    const found = prototypeKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}
