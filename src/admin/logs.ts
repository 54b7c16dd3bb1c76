import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { keyId as keyIdGrammar, requestId as requestIdGrammar } from "../config/name-grammar.ts";
import { notFound } from "../http/gateway-error.ts";
import { validateWith } from "../http/validate.ts";
import { allIndexShards } from "../logs/index-shards.ts";
import { logQuery, mergePages } from "../logs/log-query.ts";
import type { RequestLogRecord } from "../logs/log-record.ts";
import { MODEL_NAME_MAX_CHARS, NAME_MAX_CHARS } from "../platform-limits.ts";
import { pathParam, requireTenant } from "./admin-helpers.ts";

/** The filters are bounded like the names they match (a workflow, or a direct route `<provider>/<model>`). */
const adminLogQuery = logQuery.extend({
  workflow: z
    .string()
    .min(1)
    .max(NAME_MAX_CHARS + 1 + MODEL_NAME_MAX_CHARS)
    .optional(),
  keyId: keyIdGrammar.optional(),
});

/** `/admin/v1/tenants/{tenant}/logs[/{requestId}]` */
export const logRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    const query = validateWith(adminLogQuery, c.req.query());
    const index = c.env.LOG_INDEX;
    // Every shard answers its newest page; the merge keeps the newest `limit` overall.
    const pages = await Promise.all(allIndexShards(tenant.name).map((shard) => index.get(index.idFromName(shard)).list(query)));
    const { data, nextCursor } = mergePages(pages, query.limit);
    return c.json({ object: "list", data, next_cursor: nextCursor, has_more: nextCursor !== null });
  })
  .get("/:requestId", async (c) => {
    const tenant = await requireTenant(c);
    const requestId = pathParam(c, "requestId", requestIdGrammar);
    const missing = notFound(`No log for request '${requestId}' in this tenant.`, "log_not_found");
    const logs = c.env.REQUEST_LOG;
    const text = await logs.get(logs.idFromName(requestId)).read();
    const record = text ? (JSON.parse(text) as RequestLogRecord) : null;
    // Another tenant's record is answered exactly like a missing one, and so is the record of an
    // earlier, deleted tenant of the same name (records outlive a deletion until retention).
    if (!text || !record || record.tenant !== tenant.name || (tenant.createdAt !== undefined && record.receivedAt < tenant.createdAt))
      throw missing;
    // The stored text as it is: serializing the record again would only repeat work.
    return c.body(text, 200, { "content-type": "application/json" });
  });
