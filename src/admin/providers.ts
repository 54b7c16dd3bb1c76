import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { providerInput } from "../config/schemas.ts";
import { notFound } from "../http/gateway-error.ts";
import { nameParam, readBody, requireTenant } from "./admin-helpers.ts";
import { providerRecord, publicProvider } from "./provider-record.ts";

/** `/admin/v1/tenants/{tenant}/providers[/{name}]` */
export const providerRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    return c.json({ object: "list", data: await Promise.all((await c.get("store").listProviders(tenant.name)).map(publicProvider)) });
  })
  .put("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const input = await readBody(c, providerInput);
    const previous = await c.get("store").getProvider(tenant.name, name);
    const record = await providerRecord(name, input, previous, c.env.SECRETS_KEY);
    await c.get("store").putProvider(tenant.name, record);
    return c.json(await publicProvider(record), previous ? 200 : 201);
  })
  .get("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const provider = await c.get("store").getProvider(tenant.name, name);
    if (!provider) throw notFound(`No provider named '${name}'.`, "provider_not_found");
    return c.json(await publicProvider(provider));
  })
  .delete("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    if (!(await c.get("store").getProvider(tenant.name, name))) throw notFound(`No provider named '${name}'.`, "provider_not_found");
    await c.get("store").deleteProvider(tenant.name, name);
    return c.json({ name, deleted: true });
  });
