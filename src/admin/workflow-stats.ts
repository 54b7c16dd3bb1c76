import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { mergeWorkflowStats } from "../logs/workflow-stats.ts";
import { requireTenant } from "./admin-helpers.ts";

/**
 * `GET /admin/v1/tenants/{tenant}/workflow-stats`: traffic, failure rate, time to first byte
 * (p50/p95, bucketed), spend and cache savings per workflow, over the log retention window.
 * Computed from the tenant's log index, never from the records themselves: one call to each of
 * the 8 index shards (8 subrequests), whatever the traffic.
 */
export const workflowStatsRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const tenant = await requireTenant(c);
  const index = c.env.LOG_INDEX;
  const shards = await Promise.all(allIndexShards(tenant.name).map((shard) => index.get(index.idFromName(shard)).workflowStats()));
  return c.json({ object: "list", window: "log retention", source: "log index", data: mergeWorkflowStats(shards) });
});
