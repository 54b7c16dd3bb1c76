import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { GatewayError } from "../http/gateway-error.ts";
import { DEFAULT_MAX_BODY_BYTES } from "../platform-limits.ts";

/** 413 for bodies over `MAX_BODY_BYTES`, checked while reading (a lying content-length does not help). */
export const limitBody: MiddlewareHandler<{ Bindings: Env }> = (c, next) => {
  const maxSize = Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new GatewayError({
        status: 413,
        type: "invalid_request_error",
        code: "request_too_large",
        publicMessage: `The request body is larger than this gateway's limit of ${maxSize} bytes.`,
      });
    },
  })(c, next);
};
