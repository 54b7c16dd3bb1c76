import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type TenantRecord, tenantInput } from "../config/schemas.ts";
import { GatewayError } from "../http/gateway-error.ts";
import { nameParam, readBody, requireGlobalAdmin, requireTenant } from "./admin-helpers.ts";
import { deleteTenant } from "./delete-tenant.ts";

/** `/admin/v1/tenants[/{tenant}]` */
export const tenantRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    requireGlobalAdmin(c);
    return c.json({ object: "list", data: await c.get("store").listTenants() });
  })
  .put("/:tenant", async (c) => {
    // Hostnames route traffic: only the operator may claim them.
    requireGlobalAdmin(c);
    const name = nameParam(c, "tenant");
    const input = await readBody(c, tenantInput);
    const { store } = c.var;
    for (const hostname of input.hostnames) {
      const owner = await store.tenantForHostname(hostname);
      if (owner && owner !== name) {
        throw new GatewayError({
          status: 409,
          type: "invalid_request_error",
          code: "hostname_taken",
          param: "hostnames",
          publicMessage: `The hostname '${hostname}' belongs to another tenant.`,
        });
      }
    }
    const previous = await store.getTenant(name);
    const now = new Date().toISOString();
    // Tenants stored before `createdAt` existed keep none: nothing of theirs predates them.
    const createdAt = previous ? previous.createdAt : now;
    const record: TenantRecord = { ...input, name, updatedAt: now, ...(createdAt ? { createdAt } : {}) };
    await store.putTenant(record, previous);
    return c.json(record, previous ? 200 : 201);
  })
  .get("/:tenant", async (c) => c.json(await requireTenant(c)))
  .delete("/:tenant", async (c) => {
    requireGlobalAdmin(c);
    const tenant = await requireTenant(c);
    return c.json(await deleteTenant(c.env, c.get("store"), c.executionCtx, tenant));
  });
