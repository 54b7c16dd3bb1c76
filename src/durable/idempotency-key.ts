import { GatewayError, invalidRequest } from "../http/gateway-error.ts";
import { canonicalJson } from "../json/canonical-json.ts";
import { sha256Hex } from "../secrets/crypto.ts";

/** How long a key is remembered (README "Durable requests"): a retry a day later starts afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

const MAX_KEY_CHARS = 255;

/**
 * The `Idempotency-Key` header's value (IETF draft: a structured-field string, so quoted; plain
 * values are taken too, as Stripe and the SDKs send them), or null when absent. Printable ASCII,
 * 1 to 255 characters; anything else is a 400 naming the header.
 */
export function parseIdempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  const trimmed = header.trim();
  const quoted = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"');
  const value = quoted ? trimmed.slice(1, -1).replace(/\\(["\\])/g, "$1") : trimmed;
  if (value.length === 0 || value.length > MAX_KEY_CHARS || !/^[\x20-\x7e]+$/.test(value))
    throw invalidRequest(
      `Invalid Idempotency-Key: 1 to ${MAX_KEY_CHARS} printable ASCII characters, quoted or not.`,
      "Idempotency-Key",
      "invalid_idempotency_key",
    );
  return value;
}

/** What makes two requests "the same" under one key: the gateway key, the path and the body's JSON, whatever its key order or spacing. */
export async function requestFingerprint(path: string, body: string, keyId: string): Promise<string> {
  let canonical: string;
  try {
    canonical = canonicalJson(JSON.parse(body));
  } catch {
    canonical = body;
  }
  return sha256Hex(`${keyId}\n${path}\n${canonical}`);
}

/** The same key with a different request (OpenAI's error shape, 422 as the draft says). */
export function idempotencyKeyReused(): GatewayError {
  return new GatewayError({
    status: 422,
    type: "invalid_request_error",
    code: "idempotency_key_reused",
    param: "Idempotency-Key",
    publicMessage: "This Idempotency-Key was already used with a different request; use a new key for a new request.",
  });
}
