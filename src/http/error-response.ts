import { GatewayError } from "./gateway-error.ts";

/** OpenAI's error body. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The OpenAI-shaped body for a gateway error: the only place errors become JSON. */
export function errorBody(error: GatewayError): OpenAIErrorBody {
  return { error: { message: error.publicMessage, type: error.type, param: error.param, code: error.code } };
}

/** Any thrown value as a gateway error; unknown throws become an opaque 500 (no stack traces leak). */
export function toGatewayError(thrown: unknown): GatewayError {
  if (thrown instanceof GatewayError) return thrown;
  return new GatewayError({
    status: 500,
    type: "server_error",
    code: "internal_error",
    publicMessage: "The gateway hit an internal error. The request id identifies it in the logs.",
    internalMessage: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown),
  });
}

/** A JSON error response for a gateway error. */
export function errorResponse(error: GatewayError, headers: HeadersInit = {}): Response {
  const response = Response.json(errorBody(error), { status: error.status, headers });
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}
