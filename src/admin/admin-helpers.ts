import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { resourceName, type TenantRecord } from "../config/schemas.ts";
import { notFound } from "../http/gateway-error.ts";
import { parseJsonObject, validateWith } from "../http/validate.ts";

/** The JSON body, validated by `schema` (400 naming the field otherwise). */
export async function readBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  return validateWith(schema, parseJsonObject(text || "{}"));
}

/** A path segment that names a resource, validated like one. */
export function nameParam(c: Context<AppEnv>, param: string): string {
  return validateWith(resourceName, c.req.param(param));
}

/** The tenant named in the path, or 404. */
export async function requireTenant(c: Context<AppEnv>): Promise<TenantRecord> {
  const name = nameParam(c, "tenant");
  const tenant = await c.var.store.getTenant(name);
  if (!tenant) throw notFound(`No tenant named '${name}'.`, "tenant_not_found");
  return tenant;
}
