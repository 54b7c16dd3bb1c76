import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireAdmin } from "../auth/admin-auth.ts";
import { healthRoutes } from "./health.ts";
import { keyRoutes } from "./keys.ts";
import { logRoutes } from "./logs.ts";
import { mcpServerRoutes } from "./mcp-servers.ts";
import { priceRoutes } from "./prices.ts";
import { providerRoutes } from "./providers.ts";
import { telemetryRoutes } from "./telemetry.ts";
import { tenantRoutes } from "./tenants.ts";
import { timeseriesRoutes } from "./timeseries.ts";
import { webhookRoutes } from "./webhooks.ts";
import { whoamiRoutes } from "./whoami.ts";
import { workflowStatsRoutes } from "./workflow-stats.ts";
import { workflowRoutes } from "./workflows.ts";

/** The admin API, mounted at `/admin/v1`. */
export const adminRoutes = new Hono<AppEnv>()
  .use("*", requireAdmin)
  .route("/tenants/:tenant/providers", providerRoutes)
  .route("/whoami", whoamiRoutes)
  .route("/tenants/:tenant/workflows", workflowRoutes)
  .route("/tenants/:tenant/workflow-stats", workflowStatsRoutes)
  .route("/tenants/:tenant/keys", keyRoutes)
  .route("/tenants/:tenant/health", healthRoutes)
  .route("/tenants/:tenant/logs", logRoutes)
  .route("/tenants/:tenant/timeseries", timeseriesRoutes)
  .route("/tenants/:tenant/prices", priceRoutes)
  .route("/tenants/:tenant/webhooks", webhookRoutes)
  .route("/tenants/:tenant/mcp-servers", mcpServerRoutes)
  .route("/tenants/:tenant/telemetry", telemetryRoutes)
  .route("/tenants", tenantRoutes);
