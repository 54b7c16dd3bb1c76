import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { forbidden, unauthenticated } from "../http/gateway-error.ts";
import { bearerToken } from "./bearer.ts";
import { sha256Hex } from "./crypto.ts";

/**
 * Data-plane auth: `Authorization: Bearer <gateway key>`. Keys are looked up by their SHA-256,
 * so the secret itself is never stored nor compared.
 */
export const requireGatewayKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw unauthenticated("Missing API key: send it as 'Authorization: Bearer <key>'.");
  const key = await c.var.store.keyByHash(await sha256Hex(token));
  if (!key) throw unauthenticated("Invalid API key.");
  c.var.log?.identify(key);
  if (key.role !== "inference")
    throw forbidden("This is an admin key: it manages its tenant and cannot call the data plane.", "wrong_key_role");
  c.set("key", key);
  await next();
};
