import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { invalidRequest } from "../http/gateway-error.ts";
import { validateWith } from "../http/validate.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { seriesPoints, seriesQuery, seriesWindow } from "../logs/time-series.ts";
import { requireTenant } from "./admin-helpers.ts";

/**
 * `GET /admin/v1/tenants/{tenant}/timeseries?from&to&step&workflow&target&key`: requests by
 * outcome, TTFT and duration percentiles, tokens, cost, cache and failovers per step. Read from
 * the series rows the index sums at write time: one call to each index shard (8 subrequests),
 * whatever the traffic.
 */
export const timeseriesRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const tenant = await requireTenant(c);
  const window = seriesWindow(validateWith(seriesQuery, c.req.query()), Date.now());
  if (typeof window === "string") throw invalidRequest(`Invalid range: ${window}`, "from", "invalid_value");
  const index = c.env.LOG_INDEX;
  const shards = await Promise.all(allIndexShards(tenant.name).map((shard) => index.get(index.idFromName(shard)).series(window)));
  const points = seriesPoints(
    window,
    shards.map((shard) => shard.cells),
  );
  return c.json({
    object: "timeseries",
    from: points[0]?.at,
    stepSeconds: window.stepMinutes * 60,
    filters: { workflow: window.workflow, target: window.target, key: window.key },
    // What this read cost, so the page-cost table can be checked against a live tenant.
    cost: { objectCalls: shards.length, rowsRead: shards.reduce((sum, shard) => sum + shard.rowsRead, 0) },
    points,
  });
});
