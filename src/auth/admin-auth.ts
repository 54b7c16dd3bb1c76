import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { GatewayError, unauthenticated } from "../http/gateway-error.ts";
import { bearerToken } from "./bearer.ts";
import { timingSafeEqualStrings } from "./crypto.ts";

/** Admin API auth: the `ADMIN_TOKEN` secret, compared in constant time. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) {
    throw new GatewayError({
      status: 401,
      type: "authentication_error",
      code: "admin_disabled",
      publicMessage: "The admin API is disabled: set the ADMIN_TOKEN secret.",
    });
  }
  const token = bearerToken(c.req.header("authorization"));
  if (!token || !(await timingSafeEqualStrings(token, expected))) throw unauthenticated("Invalid admin token.");
  await next();
};
