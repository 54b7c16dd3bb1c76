import { z } from "zod";
import {
  HEADER_NAME_MAX_CHARS,
  HEADER_VALUE_MAX_CHARS,
  KEY_ID_MAX_CHARS,
  MODEL_NAME_MAX_CHARS,
  NAME_MAX_CHARS,
} from "../platform-limits.ts";

/**
 * Grammars of every name the admin API accepts in a path or as a map key (README "Names and
 * identifiers"). They keep storage keys unambiguous (no `:`, the key separator; no `/`, which splits
 * `<provider>/<model>`; no `#`, the index shard separator) and far below KV's 512-byte key limit.
 */

/** Tenant, provider and workflow names: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const NAME_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${NAME_MAX_CHARS - 1}}$`);
export const resourceName = z
  .string()
  .regex(NAME_PATTERN, `use 1-${NAME_MAX_CHARS} letters, digits, '.', '_' or '-', starting with a letter or digit`);

/** Gateway key ids, as the gateway makes them: `key_` and URL-safe base64. */
export const KEY_ID_PATTERN = new RegExp(`^key_[A-Za-z0-9_-]{1,${KEY_ID_MAX_CHARS - 4}}$`);
export const keyId = z.string().regex(KEY_ID_PATTERN, `a key id is 'key_' and up to ${KEY_ID_MAX_CHARS - 4} of A-Z a-z 0-9 _ -`);

/** Request ids (the `x-request-id` of a response). */
export const REQUEST_ID_PATTERN = /^req_[0-9a-z]{26}$/;
export const requestId = z.string().regex(REQUEST_ID_PATTERN, "a request id is 'req_' and 26 of 0-9 a-z");

/**
 * Headers a provider may not set: the platform computes them, or they describe the connection,
 * not the request.
 */
const RESERVED_HEADERS = new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"]);

/**
 * A header name: letters, digits and `-` (a strict subset of HTTP's token, which keeps out
 * `__proto__` and friends), lower-cased so one header cannot be set twice in different cases.
 */
export const headerName = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9][A-Za-z0-9-]{0,${HEADER_NAME_MAX_CHARS - 1}}$`),
    `a header name is 1-${HEADER_NAME_MAX_CHARS} letters, digits or '-'`,
  )
  .transform((name) => name.toLowerCase())
  .refine((name) => !RESERVED_HEADERS.has(name), "this header is set by the platform and cannot be configured");

/** A header value: visible ASCII, spaces and tabs (no CR/LF, which would split the header). */
export const headerValue = z
  .string()
  .max(HEADER_VALUE_MAX_CHARS)
  .regex(/^[\t\x20-\x7e]*$/, "a header value is printable ASCII without line breaks");

/**
 * A hostname as `new URL(...).hostname` gives it: DNS labels (an IPv4 address passes too),
 * lower-cased.
 */
export const hostname = z
  .string()
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/, "a hostname is dot-separated labels of a-z 0-9 -")
  .transform((h) => h.toLowerCase());

/** A model name as the provider knows it (it may hold `/`, `:`, `@`: it never reaches a storage key). */
export const modelName = z.string().min(1).max(MODEL_NAME_MAX_CHARS);
