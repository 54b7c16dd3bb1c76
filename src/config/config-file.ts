import { z } from "zod";
import { mcpServerInput, mcpServerName } from "./mcp-server-config.ts";
import { headerName, headerValue } from "./name-grammar.ts";
import { priceOverride } from "./price-overrides.ts";
import { PROVIDER_TYPES, providerBaseUrl, providerInput, resourceName, tenantInput, workflowInput } from "./schemas.ts";
import { telemetryInput } from "./telemetry-config.ts";
import { webhookInput } from "./webhook-config.ts";

/** A secret read from an environment variable at push time, never written in the file. */
export const envReference = z.strictObject({ env: z.string().min(1).describe("name of the environment variable holding the secret") });

/**
 * A provider in the config file: its API key, and any secret header, are read from environment
 * variables at push time; a literal header value is fine for headers that are not secret.
 */
export const fileProvider = z.strictObject({
  type: z.enum(PROVIDER_TYPES),
  baseUrl: providerBaseUrl.optional(),
  apiKey: envReference.optional(),
  headers: z.record(headerName, z.union([headerValue, envReference])).optional(),
  secretHeaders: providerInput.shape.secretHeaders,
  apiVersion: z.string().min(1).max(64).optional(),
  models: providerInput.shape.models,
  api: providerInput.shape.api,
});

/** A tenant's OpenTelemetry exporter in the config file: header values literal or read from the environment at push time. */
export const fileTelemetry = telemetryInput.omit({ headers: true }).extend({
  headers: z.record(headerName, z.union([headerValue, envReference])).optional(),
});

/** A tenant's MCP server in the config file: header values literal or read from the environment at push time (secret ones sealed by the gateway). */
export const fileMcpServer = mcpServerInput.omit({ headers: true }).extend({
  headers: z.record(headerName, z.union([headerValue, envReference])).optional(),
});

export const fileTenant = z.strictObject({
  hostnames: tenantInput.shape.hostnames.optional(),
  providers: z.record(resourceName, fileProvider).default({}),
  workflows: z.record(resourceName, workflowInput).default({}),
  prices: z.array(priceOverride).optional(),
  /**
   * Webhooks for background responses. Their signing secrets are made by the gateway, never in
   * the file: `push` prints a created webhook's secret once.
   */
  webhooks: z.record(resourceName, webhookInput).default({}),
  /** Upstream MCP servers behind `/mcp` (README "MCP gateway"). */
  mcpServers: z.record(mcpServerName, fileMcpServer).default({}),
  /** The OpenTelemetry exporter (docs/telemetry.md); its headers are sealed by the gateway and never pulled back. */
  telemetry: fileTelemetry.optional(),
});

/** `gateway.config.jsonc`: tenants, their providers, workflows, prices and webhooks. Keys are made through the API, never in a file. */
export const configFile = z.strictObject({
  $schema: z.string().optional(),
  tenants: z.record(resourceName, fileTenant),
});
export type ConfigFile = z.infer<typeof configFile>;
