import type { MiddlewareHandler } from "hono";
import { forbidden, GatewayError, unauthenticated } from "../http/gateway-error.ts";
import type { RequestContextVariables } from "../middleware/request-context.ts";
import { gatewayKeyHash } from "../secrets/crypto.ts";
import { timingSafeEqualStrings } from "../secrets/timing-safe.ts";
import { bearerToken } from "./bearer.ts";
import { assertHostAllows, hostTenant } from "./host-tenant.ts";

/** Who is calling the admin API: the operator (`ADMIN_TOKEN`) or a tenant's admin key. */
export type AdminScope = { kind: "global" } | { kind: "tenant"; tenant: string; keyId: string };

export interface AdminVariables {
  /** Who is calling the admin API (admin routes only). */
  adminScope: AdminScope;
}

/**
 * Admin API auth. `ADMIN_TOKEN` (compared in constant time) manages everything; an `admin`-role
 * gateway key manages its own tenant only; an inference key manages nothing.
 */
export const requireAdmin: MiddlewareHandler<{ Bindings: Env; Variables: RequestContextVariables & AdminVariables }> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw unauthenticated("Missing admin credentials: send 'Authorization: Bearer <ADMIN_TOKEN or admin key>'.");
  const expected = c.env.ADMIN_TOKEN;
  if (expected && (await timingSafeEqualStrings(token, expected))) {
    c.set("adminScope", { kind: "global" });
    return next();
  }
  const [key, owner] = await Promise.all([c.get("store").keyByHash(await gatewayKeyHash(token)), hostTenant(c.get("store"), c.req.url)]);
  if (!key) {
    if (!expected) {
      throw new GatewayError({
        status: 401,
        type: "authentication_error",
        code: "admin_disabled",
        publicMessage: "Invalid admin credentials (no ADMIN_TOKEN is set).",
      });
    }
    throw unauthenticated("Invalid admin token.");
  }
  if (key.role !== "admin") throw forbidden("Inference keys cannot use the admin API.", "wrong_key_role");
  assertHostAllows(owner, key.tenant);
  c.set("adminScope", { kind: "tenant", tenant: key.tenant, keyId: key.id });
  await next();
};
