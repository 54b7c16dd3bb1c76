import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { priceOverridesInput } from "../config/price-overrides.ts";
import { FAUX_PRICE } from "../pricing/default-prices.ts";
import { LIST_PRICES_SOURCE } from "../pricing/list-prices.ts";
import { readBody, requireTenant } from "./admin-helpers.ts";

/** `/admin/v1/tenants/{tenant}/prices`: the tenant's overrides, replaced as a whole, and the defaults. */
export const priceRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    return c.json({
      prices: await c.get("store").getPrices(tenant.name),
      defaults: { "faux (any model)": FAUX_PRICE },
      listPrices: LIST_PRICES_SOURCE,
    });
  })
  .put("/", async (c) => {
    const tenant = await requireTenant(c);
    const { prices } = await readBody(c, priceOverridesInput);
    await c.get("store").putPrices(tenant.name, prices);
    return c.json({ prices });
  });
