import type { MiddlewareHandler } from "hono";
import type { KeyRecord } from "../config/schemas.ts";
import { forbidden, unauthenticated } from "../http/gateway-error.ts";
import type { RequestContextVariables } from "../http/request-context.ts";
import type { JournalVariables } from "../journal/journal-request.ts";
import { enforceKeyLimits, touchKey } from "../quotas/key-usage.ts";
import { bearerToken } from "./bearer.ts";
import { sha256Hex } from "./crypto.ts";
import { assertHostAllows, hostTenant } from "./host-tenant.ts";

export interface GatewayKeyVariables {
  /** The authenticated gateway key (data plane only). */
  key: KeyRecord;
}

/**
 * Data-plane auth: `Authorization: Bearer <gateway key>`, looked up by its SHA-256 (the secret is
 * never stored nor compared), checked against the hostname's tenant, the key's role and its limits.
 */
export const requireGatewayKey: MiddlewareHandler<{
  Bindings: Env;
  Variables: RequestContextVariables & JournalVariables & GatewayKeyVariables;
}> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw unauthenticated("Missing API key: send it as 'Authorization: Bearer <key>'.");
  c.var.secrets.add(token);
  const [key, owner] = await Promise.all([c.var.store.keyByHash(await sha256Hex(token)), hostTenant(c.var.store, c.req.url)]);
  if (!key) throw unauthenticated("Invalid API key.");
  c.var.journal.emit({ type: "identified", tenant: key.tenant, keyId: key.id, budgeted: key.limits?.monthlyBudgetUsd !== undefined });
  assertHostAllows(owner, key.tenant);
  if (key.role !== "inference")
    throw forbidden("This is an admin key: it manages its tenant and cannot call the data plane.", "wrong_key_role");
  const now = Date.now();
  await enforceKeyLimits(c.env, key, now);
  if (!key.limits) touchKey(c.env, key, c.executionCtx, now);
  c.set("key", key);
  await next();
};
