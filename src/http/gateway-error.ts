/** OpenAI error `type` values the gateway emits. */
export type GatewayErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "upstream_error"
  | "timeout_error"
  | "server_error";

export interface GatewayErrorInit {
  status: number;
  type: GatewayErrorType;
  /** Stable machine-readable code (`model_not_found`, `invalid_api_key`, ...). */
  code: string | null;
  /** Safe to show a client. */
  publicMessage: string;
  /** The request field at fault, when there is one. */
  param?: string | null;
  /** Extra response headers (`retry-after`, ...). */
  headers?: Record<string, string>;
  /** For logs only: never sent to the client. */
  internalMessage?: string;
}

/**
 * The one error type of the gateway. Turned into OpenAI's error JSON in exactly one place
 * (`error-response.ts`); the public message is kept apart from the internal one.
 */
export class GatewayError extends Error {
  readonly status: number;
  readonly type: GatewayErrorType;
  readonly code: string | null;
  readonly publicMessage: string;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(init: GatewayErrorInit) {
    super(init.internalMessage ?? init.publicMessage);
    this.name = "GatewayError";
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.publicMessage = init.publicMessage;
    this.param = init.param ?? null;
    this.headers = init.headers ?? {};
  }
}

/** 400: the request itself is wrong. */
export const invalidRequest = (publicMessage: string, param: string | null = null, code: string | null = null) =>
  new GatewayError({ status: 400, type: "invalid_request_error", code, publicMessage, param });

/** 401: no key, or a key we do not know. */
export const unauthenticated = (publicMessage: string) =>
  new GatewayError({ status: 401, type: "authentication_error", code: "invalid_api_key", publicMessage });

/** 403: a known key that may not do this. */
export const forbidden = (publicMessage: string, code: string | null = "permission_denied") =>
  new GatewayError({ status: 403, type: "permission_error", code, publicMessage });

/** How much of a client-sent name an error message repeats: enough to recognise it, never a whole huge value. */
const ECHO_MAX_CHARS = 100;
const echo = (value: string) => (value.length > ECHO_MAX_CHARS ? `${value.slice(0, ECHO_MAX_CHARS)}…` : value);

/** 404 for a workflow or provider the tenant does not have. */
export const modelNotFound = (model: string) =>
  new GatewayError({
    status: 404,
    type: "invalid_request_error",
    code: "model_not_found",
    param: "model",
    publicMessage: `The model '${echo(model)}' does not exist: it names no workflow and no '<provider>/<model>' route of this tenant.`,
  });

/** 404 for admin resources and unknown routes. */
export const notFound = (publicMessage: string, code: string | null = "not_found") =>
  new GatewayError({ status: 404, type: "not_found_error", code, publicMessage });
