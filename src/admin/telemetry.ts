import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { publicTelemetry, type TelemetryRecord, telemetryHeadersFingerprint, telemetryInput } from "../config/telemetry-config.ts";
import { invalidRequest, notFound } from "../http/gateway-error.ts";
import { sealSecret } from "../secrets/secret-box.ts";
import { allowsLoopback, webhookUrlProblem } from "../webhooks/webhook-url.ts";
import { readBody, requireTenant } from "./admin-helpers.ts";

const missing = () => notFound("This tenant has no telemetry exporter.", "telemetry_not_found");

/** `/admin/v1/tenants/{tenant}/telemetry`: the tenant's OpenTelemetry exporter (one per tenant). */
export const telemetryRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tenant = await requireTenant(c);
    const record = await c.get("store").getTelemetry(tenant.name);
    if (!record) throw missing();
    return c.json(publicTelemetry(record));
  })
  .put("/", async (c) => {
    const tenant = await requireTenant(c);
    const { headers, ...input } = await readBody(c, telemetryInput);
    // The same rule as webhooks: the tenant chooses where the gateway sends requests.
    const problem = webhookUrlProblem(input.endpoint, allowsLoopback(c.env));
    if (problem) throw invalidRequest(`Invalid request: endpoint ${problem}.`, "endpoint", "invalid_value");
    const previous = await c.get("store").getTelemetry(tenant.name);
    // Omitted headers are kept (they cannot be read back to be resent); null removes them.
    const sealed =
      headers === undefined
        ? {
            headersSealed: previous?.headersSealed ?? null,
            headerNames: previous?.headerNames ?? [],
            headersFingerprint: previous?.headersFingerprint ?? null,
          }
        : headers === null || Object.keys(headers).length === 0
          ? { headersSealed: null, headerNames: [], headersFingerprint: null }
          : {
              headersSealed: await sealSecret(JSON.stringify(headers), c.env.SECRETS_KEY),
              headerNames: Object.keys(headers).sort(),
              headersFingerprint: await telemetryHeadersFingerprint(headers),
            };
    const record: TelemetryRecord = { ...input, ...sealed, updatedAt: new Date().toISOString() };
    await c.get("store").putTelemetry(tenant.name, record);
    return c.json(publicTelemetry(record), previous ? 200 : 201);
  })
  .delete("/", async (c) => {
    const tenant = await requireTenant(c);
    if (!(await c.get("store").getTelemetry(tenant.name))) throw missing();
    await c.get("store").deleteTelemetry(tenant.name);
    return c.json({ deleted: true });
  });
