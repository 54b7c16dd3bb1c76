import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { mergeCacheStats } from "../cache/cache-stats.ts";
import { workflowInput } from "../config/schemas.ts";
import { invalidRequest, notFound } from "../http/gateway-error.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { nameParam, readBody, requireTenant } from "./admin-helpers.ts";

/** `/admin/v1/tenants/{tenant}/workflows[/{name}]` */
export const workflowRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    return c.json({ object: "list", data: await c.var.store.listWorkflows(tenant.name) });
  })
  .put("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const input = await readBody(c, workflowInput);
    const { store } = c.var;
    // Catch typos at save time; a provider deleted later makes its targets fail over at run time.
    const providers = await Promise.all(input.targets.map((t) => store.getProvider(tenant.name, t.provider)));
    const missing = providers.indexOf(null);
    if (missing !== -1) {
      throw invalidRequest(
        `No provider named '${input.targets[missing]?.provider}' in this tenant.`,
        `targets[${missing}].provider`,
        "provider_not_found",
      );
    }
    const previous = await store.getWorkflow(tenant.name, name);
    const record = { ...input, name, updatedAt: new Date().toISOString() };
    await store.putWorkflow(tenant.name, record);
    return c.json(record, previous ? 200 : 201);
  })
  .get("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const workflow = await c.var.store.getWorkflow(tenant.name, name);
    if (!workflow) throw notFound(`No workflow named '${name}'.`, "workflow_not_found");
    return c.json(workflow);
  })
  .get("/:name/cache-stats", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const index = c.env.LOG_INDEX;
    const parts = await Promise.all(allIndexShards(tenant.name).map((shard) => index.get(index.idFromName(shard)).cacheStats(name)));
    return c.json({ workflow: name, window: "log retention", ...mergeCacheStats(parts) });
  })
  .delete("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    if (!(await c.var.store.getWorkflow(tenant.name, name))) throw notFound(`No workflow named '${name}'.`, "workflow_not_found");
    await c.var.store.deleteWorkflow(tenant.name, name);
    return c.json({ name, deleted: true });
  });
