import { invalidRequest } from "./gateway-error.ts";

/**
 * The nesting depth of JSON text, counted without recursion (brackets outside strings). It stops
 * counting once past `limit`, so a hostile body costs one pass at most.
 */
export function jsonTextDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Deepest nesting of a JSON body the admin API accepts: configuration nests a few levels, JSON Schemas a few dozen. */
export const ADMIN_BODY_MAX_DEPTH = 64;

/**
 * A 400 for JSON text nested deeper than `limit`, before anything walks it: validators and
 * serializers recurse, and a deep enough body would overflow the stack (a 500).
 */
export function assertJsonDepth(text: string, limit: number): void {
  if (jsonTextDepth(text, limit) > limit)
    throw invalidRequest(`The request body is nested deeper than ${limit} levels.`, null, "invalid_json");
}
