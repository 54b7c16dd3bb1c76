import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * `GET /admin/v1/whoami`: what the presented credential may manage. The dashboard asks this once
 * at sign-in to know whether to offer every tenant (the operator) or one (a tenant's admin key),
 * since a tenant key cannot list tenants. Costs no storage read beyond the auth itself.
 */
export const whoamiRoutes = new Hono<AppEnv>().get("/", (c) => {
  const scope = c.get("adminScope");
  switch (scope.kind) {
    case "global":
      return c.json({ scope: "global" });
    case "tenant":
      return c.json({ scope: "tenant", tenant: scope.tenant, keyId: scope.keyId });
  }
});
