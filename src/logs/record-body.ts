import { jsonTextDepth } from "../http/json-depth.ts";

/**
 * How a stored body is handed back in a record. Bodies are stored as JSON text and are never
 * parsed and serialized again on the way out, so no step of a read recurses on the depth of user
 * data (V8's `JSON.stringify` does, and overflows the stack at a few thousand levels). A body whose
 * nesting stays within `RECORD_BODY_MAX_DEPTH` is returned as JSON; a deeper one as its text, a
 * JSON string.
 */

/** Deepest nesting of a body returned as JSON; chat bodies with tool schemas stay far below it. */
export const RECORD_BODY_MAX_DEPTH = 64;

/** A stored body (JSON text) as the JSON text a record carries: itself when shallow enough, else its text as a string. */
export function recordBodyJson(stored: string): string {
  return jsonTextDepth(stored, RECORD_BODY_MAX_DEPTH) <= RECORD_BODY_MAX_DEPTH ? stored : JSON.stringify(stored);
}

/**
 * The nesting depth of a parsed value, counted without recursion, stopping past `limit`. For
 * records written before bodies were bounded on write.
 */
export function valueDepth(value: unknown, limit = RECORD_BODY_MAX_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== "object" || item === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, level]);
  }
  return deepest;
}

/** What a record shows for a stored value too deep to serialize again (earlier records only). */
export const TOO_DEEP_BODY = `[body nested deeper than ${RECORD_BODY_MAX_DEPTH} levels: not shown]`;

/** A parsed body, itself when shallow enough, else a note saying why it is not shown. */
export function boundedBody(value: unknown): unknown {
  return valueDepth(value) <= RECORD_BODY_MAX_DEPTH ? value : TOO_DEEP_BODY;
}
