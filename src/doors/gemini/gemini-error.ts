import type { GatewayError } from "../../http/gateway-error.ts";

/** Google's canonical status name for an HTTP status (google.rpc.Code as Google's APIs map them). */
export function googleStatus(status: number): string {
  switch (status) {
    case 400:
    case 413:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "ABORTED";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 499:
      return "CANCELLED";
    case 502:
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return status < 500 ? "FAILED_PRECONDITION" : "INTERNAL";
  }
}

/** Google's error JSON: `{"error":{"code","message","status"}}`. */
export function googleErrorBody(code: number, message: string): string {
  return JSON.stringify({ error: { code, message, status: googleStatus(code) } });
}

/** A gateway error in Google's shape, with its status and headers (`retry-after`, …). */
export function googleErrorResponse(error: GatewayError, headers: HeadersInit = {}): Response {
  const response = new Response(googleErrorBody(error.status, error.publicMessage), {
    status: error.status,
    headers: { "content-type": "application/json", ...Object.fromEntries(new Headers(headers)) },
  });
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}
