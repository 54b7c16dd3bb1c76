import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { notFound } from "../http/gateway-error.ts";
import { validateWith } from "../http/validate.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { logQuery, mergePages } from "../logs/log-query.ts";
import type { RequestLogRecord } from "../logs/log-record.ts";
import { requireTenant } from "./admin-helpers.ts";

const REQUEST_ID = /^req_[0-9a-z]{26}$/;

/** `/admin/v1/tenants/{tenant}/logs[/{requestId}]` */
export const logRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    const query = validateWith(logQuery, c.req.query());
    const index = c.env.LOG_INDEX;
    // Every shard answers its newest page; the merge keeps the newest `limit` overall.
    const pages = await Promise.all(allIndexShards(tenant.name).map((shard) => index.get(index.idFromName(shard)).list(query)));
    const { data, nextCursor } = mergePages(pages, query.limit);
    return c.json({ object: "list", data, next_cursor: nextCursor, has_more: nextCursor !== null });
  })
  .get("/:requestId", async (c) => {
    const tenant = await requireTenant(c);
    const requestId = c.req.param("requestId");
    const missing = notFound(`No log for request '${requestId}' in this tenant.`, "log_not_found");
    if (!REQUEST_ID.test(requestId)) throw missing;
    const logs = c.env.REQUEST_LOG;
    const text = await logs.get(logs.idFromName(requestId)).read();
    const record = text ? (JSON.parse(text) as RequestLogRecord) : null;
    // Another tenant's record is answered exactly like a missing one.
    if (!record || record.tenant !== tenant.name) throw missing;
    return c.json(record);
  });
