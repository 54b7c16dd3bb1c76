import { type Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { mergeCacheStats } from "../cache/cache-stats.ts";
import { type WorkflowInput, workflowInput } from "../config/schemas.ts";
import { invalidRequest, notFound } from "../http/gateway-error.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { nameParam, readBody, requireTenant } from "./admin-helpers.ts";

/** The body of a workflow PUT, validated, with every target's provider known to the tenant. */
async function checkedWorkflow(c: Context<AppEnv>, tenant: string): Promise<WorkflowInput> {
  const input = await readBody(c, workflowInput);
  // Catch typos at save time; a provider deleted later makes its targets fail over at run time.
  const providers = await Promise.all(input.targets.map((t) => c.get("store").getProvider(tenant, t.provider)));
  const missing = providers.indexOf(null);
  if (missing !== -1) {
    throw invalidRequest(
      `No provider named '${input.targets[missing]?.provider}' in this tenant.`,
      `targets[${missing}].provider`,
      "provider_not_found",
    );
  }
  return input;
}

/** `/admin/v1/tenants/{tenant}/workflows[/{name}]` */
export const workflowRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    return c.json({ object: "list", data: await c.get("store").listWorkflows(tenant.name) });
  })
  .put("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const input = await checkedWorkflow(c, tenant.name);
    const { store } = c.var;
    const previous = await store.getWorkflow(tenant.name, name);
    const record = { ...input, name, updatedAt: new Date().toISOString() };
    await store.putWorkflow(tenant.name, record);
    return c.json(record, previous ? 200 : 201);
  })
  // A dry run of the PUT: the same checks, nothing stored. The dashboard shows its errors, or the
  // stored workflow beside what would replace it, before anything applies.
  .post("/:name/check", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const input = await checkedWorkflow(c, tenant.name);
    return c.json({ valid: true, previous: await c.get("store").getWorkflow(tenant.name, name), workflow: { ...input, name } });
  })
  .get("/:name", async (c) => {
    const tenant = await requireTenant(c);
    const name = nameParam(c, "name");
    const workflow = await c.get("store").getWorkflow(tenant.name, name);
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
    if (!(await c.get("store").getWorkflow(tenant.name, name))) throw notFound(`No workflow named '${name}'.`, "workflow_not_found");
    await c.get("store").deleteWorkflow(tenant.name, name);
    return c.json({ name, deleted: true });
  });
