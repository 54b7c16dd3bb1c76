import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { keyId } from "../config/name-grammar.ts";
import { type KeyRecord, keyInput } from "../config/schemas.ts";
import { notFound } from "../http/gateway-error.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { keyUsageStub } from "../quotas/key-usage.ts";
import { monthStartMs } from "../quotas/rate-window.ts";
import { randomToken, sha256Hex } from "../secrets/crypto.ts";
import { pathParam, readBody, requireTenant } from "./admin-helpers.ts";

/** A key as the API shows it: never the secret, never its hash. */
export function publicKey({ hash: _hash, ...rest }: KeyRecord) {
  return rest;
}

/**
 * A key with its usage: last use from its usage object; this month's spend from there for a
 * budgeted key (counted as requests end), else summed from the tenant's log index (within retention).
 */
async function withUsage(env: Env, key: KeyRecord) {
  const now = Date.now();
  const report = await keyUsageStub(env, key).report(now);
  if (key.limits?.monthlyBudgetUsd !== undefined) return { ...publicKey(key), usage: report };
  const index = env.LOG_INDEX;
  const parts = await Promise.all(
    allIndexShards(key.tenant).map((shard) => index.get(index.idFromName(shard)).spendSince(key.id, monthStartMs(now))),
  );
  return { ...publicKey(key), usage: { ...report, spendThisMonthUsd: parts.reduce((sum, usd) => sum + usd, 0) } };
}

/** `/admin/v1/tenants/{tenant}/keys[/{id}]` */
export const keyRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    const keys = await c.get("store").listKeys(tenant.name);
    return c.json({ object: "list", data: await Promise.all(keys.map((key) => withUsage(c.env, key))) });
  })
  .post("/", async (c) => {
    const tenant = await requireTenant(c);
    const input = await readBody(c, keyInput);
    // 32 random bytes; the secret is returned once and only its hash is stored.
    const secret = `sk-gw-${randomToken(32)}`;
    const record: KeyRecord = {
      ...input,
      id: `key_${randomToken(12)}`,
      tenant: tenant.name,
      hash: await sha256Hex(secret),
      createdAt: new Date().toISOString(),
    };
    await c.get("store").putKey(record);
    return c.json({ ...publicKey(record), key: secret }, 201);
  })
  .get("/:id", async (c) => {
    const tenant = await requireTenant(c);
    const key = await c.get("store").getKey(tenant.name, pathParam(c, "id", keyId));
    if (!key) throw notFound("No such key.", "key_not_found");
    return c.json(await withUsage(c.env, key));
  })
  .delete("/:id", async (c) => {
    const tenant = await requireTenant(c);
    const key = await c.get("store").getKey(tenant.name, pathParam(c, "id", keyId));
    if (!key) throw notFound("No such key.", "key_not_found");
    await c.get("store").deleteKey(key);
    return c.json({ id: key.id, deleted: true });
  });
