import { z } from "zod";
import { priceOverride } from "../pricing/price-overrides.ts";
import { PROVIDER_TYPES, resourceName, tenantInput, workflowInput } from "./schemas.ts";

/** A provider in the config file: its API key is read from an environment variable at push time, never written in the file. */
export const fileProvider = z.strictObject({
  type: z.enum(PROVIDER_TYPES),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKey: z.strictObject({ env: z.string().min(1).describe("name of the environment variable holding the key") }).optional(),
  headers: z.record(z.string().min(1), z.string()).optional(),
  apiVersion: z.string().min(1).max(64).optional(),
  models: z.array(z.string().min(1)).optional(),
});

export const fileTenant = z.strictObject({
  hostnames: tenantInput.shape.hostnames.optional(),
  providers: z.record(resourceName, fileProvider).default({}),
  workflows: z.record(resourceName, workflowInput).default({}),
  prices: z.array(priceOverride).optional(),
});

/** `gateway.config.jsonc`: tenants, their providers, workflows and prices. Keys are made through the API, never in a file. */
export const configFile = z.strictObject({
  $schema: z.string().optional(),
  tenants: z.record(resourceName, fileTenant),
});
export type ConfigFile = z.infer<typeof configFile>;
