import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { resourceName, type TenantRecord } from "../config/schemas.ts";
import { forbidden, notFound } from "../http/gateway-error.ts";
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

/** Operator-only routes (creating tenants, listing all of them). */
export function requireGlobalAdmin(c: Context<AppEnv>): void {
  if (c.var.adminScope.kind !== "global") throw forbidden("Only the operator's ADMIN_TOKEN may do this.", "admin_scope");
}

/** The tenant named in the path, or 404; a tenant admin key reaches its own tenant only (403). */
export async function requireTenant(c: Context<AppEnv>): Promise<TenantRecord> {
  const name = nameParam(c, "tenant");
  const scope = c.var.adminScope;
  if (scope.kind === "tenant" && scope.tenant !== name)
    throw forbidden(`This admin key manages tenant '${scope.tenant}' only.`, "admin_scope");
  const tenant = await c.var.store.getTenant(name);
  if (!tenant) throw notFound(`No tenant named '${name}'.`, "tenant_not_found");
  return tenant;
}
