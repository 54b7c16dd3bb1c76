import type { GatewayError } from "../../http/gateway-error.ts";

/** Anthropic's error `type` for an HTTP status (its documented set); 5xx the gateway raises are `api_error`. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 529:
      return "overloaded_error";
    default:
      return status < 500 ? "invalid_request_error" : "api_error";
  }
}

/** Anthropic's error body: `{"type":"error","error":{"type","message"}}`. */
export function anthropicErrorBody(status: number, message: string): string {
  return JSON.stringify({ type: "error", error: { type: anthropicErrorType(status), message } });
}

/** A gateway error in Anthropic's shape, with its status and headers (`retry-after`, …). */
export function anthropicErrorResponse(error: GatewayError, headers: HeadersInit = {}): Response {
  const response = new Response(anthropicErrorBody(error.status, error.publicMessage), {
    status: error.status,
    headers: { "content-type": "application/json", ...Object.fromEntries(new Headers(headers)) },
  });
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}
