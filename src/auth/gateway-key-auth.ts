import type { MiddlewareHandler } from "hono";
import type { ConfigStore } from "../config/config-store.ts";
import type { KeyRecord } from "../config/schemas.ts";
import { forbidden, unauthenticated } from "../http/gateway-error.ts";
import type { HostedRequest } from "../http/hosted-request.ts";
import type { JournalVariables } from "../journal/journal-request.ts";
import type { RequestContextVariables } from "../middleware/request-context.ts";
import { enforceKeyLimits, touchKey } from "../quotas/key-usage.ts";
import { gatewayKeyHash } from "../secrets/crypto.ts";
import { gatewayKeyToken } from "./bearer.ts";
import { assertHostAllows, hostTenant } from "./host-tenant.ts";

export interface GatewayKeyVariables {
  /** The authenticated gateway key (data plane only). */
  key: KeyRecord;
}

/**
 * Data-plane auth: `Authorization: Bearer <gateway key>` (or `x-api-key`, `x-goog-api-key`, `?key=`), looked up by its SHA-256 (the secret is
 * never stored nor compared), checked against the hostname's tenant, the key's role and its limits.
 */
export const requireGatewayKey: MiddlewareHandler<{
  Bindings: Env;
  Variables: RequestContextVariables & JournalVariables & GatewayKeyVariables;
}> = async (c, next) => {
  const hosted = c.get("hosted");
  if (hosted) {
    const key = await hostedKey(c.get("store"), hosted);
    c.get("journal").emit(identified(key));
    c.set("key", key);
    return next();
  }
  // Google's SDKs send `x-goog-api-key` (or `?key=`, which no record keeps: records hold the path only).
  const apiKey = c.req.header("x-api-key") ?? c.req.header("x-goog-api-key") ?? c.req.query("key");
  const token = gatewayKeyToken(c.req.header("authorization"), apiKey);
  if (!token)
    throw unauthenticated("Missing API key: send it as 'Authorization: Bearer <key>', 'x-api-key: <key>' or 'x-goog-api-key: <key>'.");
  c.get("secrets").add(token);
  const [key, owner] = await Promise.all([c.get("store").keyByHash(await gatewayKeyHash(token)), hostTenant(c.get("store"), c.req.url)]);
  if (!key) throw unauthenticated("Invalid API key.");
  c.get("journal").emit(identified(key));
  assertHostAllows(owner, key.tenant);
  if (key.role !== "inference")
    throw forbidden("This is an admin key: it manages its tenant and cannot call the data plane.", "wrong_key_role");
  const now = Date.now();
  await enforceKeyLimits(c.env, key, now);
  if (!key.limits) touchKey(c.env, key, c.executionCtx, now);
  c.set("key", key);
  await next();
};

/** The journal's event for a request's key (a budget makes its spend a running sum). */
function identified(key: KeyRecord) {
  return { type: "identified" as const, tenant: key.tenant, keyId: key.id, budgeted: key.limits?.monthlyBudgetUsd !== undefined };
}

/**
 * The key of a request hosted by its Durable Object: the Worker authenticated it and applied its
 * limits; re-read by id so a key revoked since (a background job restarted later) stops here.
 */
async function hostedKey(store: ConfigStore, hosted: HostedRequest): Promise<KeyRecord> {
  const key = await store.keyById(hosted.tenant, hosted.keyId);
  if (key?.role !== "inference") throw unauthenticated("The API key of this request has been revoked.");
  return key;
}
