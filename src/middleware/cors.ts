import { HEADER, IDEMPOTENT_REPLAYED, TRACE_HEADER } from "../http/headers.ts";

/**
 * CORS for the data plane (`/v1/*`, `/v1beta/*`, `/mcp`), so browser apps can call the gateway. Any origin is allowed:
 * callers authenticate with a bearer key, never a cookie, so a foreign page gains nothing it does
 * not already hold (no credentials mode, hence `*`). A per-tenant origin allow-list was left out on
 * purpose: a preflight carries no key, so on a shared hostname it cannot name its tenant, and an
 * origin check is no defence for a key that is already in a browser. The admin API gets no CORS.
 */

/** Request headers browsers may send: ours, the usual ones, and what the openai SDK adds. */
const ALLOWED_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "cache-control",
  "idempotency-key",
  "last-event-id",
  "x-gateway-resumable",
  "x-request-id",
  HEADER.clientRequestId,
  TRACE_HEADER.traceparent,
  TRACE_HEADER.tracestate,
  "openai-organization",
  "openai-project",
  "openai-beta",
  // Anthropic's SDKs (the Messages door).
  "x-api-key",
  "anthropic-version",
  "anthropic-beta",
  "anthropic-dangerous-direct-browser-access",
  // Google's Gen AI SDK (the Gemini door).
  "x-goog-api-key",
  "x-goog-api-client",
  "user-agent",
  // MCP clients (the MCP door): the revision, the standard request headers, a legacy session id.
  "mcp-protocol-version",
  "mcp-method",
  "mcp-name",
  "mcp-session-id",
];
/** The openai SDKs send a family of these (`x-stainless-os`, `-retry-count`, `-timeout`, …); the CORS header has no prefix wildcard. */
const ALLOWED_HEADER_PREFIX = "x-stainless-";
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** Response headers a browser script may read: the contract's headers, `retry-after`, `idempotent-replayed` and `traceparent`. */
const EXPOSED_HEADERS = [...Object.values(HEADER), "retry-after", IDEMPOTENT_REPLAYED, TRACE_HEADER.traceparent].join(", ");

/** Browsers cap a preflight's cache (Chromium at 2 hours); this asks for that much. */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** Headers every data-plane response carries, errors and streams included. */
export const CORS_RESPONSE_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED_HEADERS,
};

/** The allowed request headers for a preflight: the fixed list plus the `x-stainless-*` ones it asks for. */
export function allowedRequestHeaders(requested: string | undefined): string {
  const asked = (requested ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.startsWith(ALLOWED_HEADER_PREFIX) && HEADER_NAME.test(name));
  return [...new Set([...ALLOWED_REQUEST_HEADERS, ...asked])].join(", ");
}

/** The answer to a preflight (`OPTIONS`): no auth, no body, no log record. */
export function preflightHeaders(requested: string | undefined): Record<string, string> {
  return {
    ...CORS_RESPONSE_HEADERS,
    "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
    "access-control-allow-headers": allowedRequestHeaders(requested),
    "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
    vary: "access-control-request-headers",
  };
}
