import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { resourceName } from "../config/name-grammar.ts";
import type { TenantRecord } from "../config/schemas.ts";
import { forbidden, invalidRequest, notFound } from "../http/gateway-error.ts";
import { ADMIN_BODY_MAX_DEPTH, assertJsonDepth } from "../http/json-depth.ts";
import { parseJsonObject, validateWith } from "../http/validate.ts";
import { prototypeKeyPath } from "./prototype-keys.ts";

/** The JSON body, validated by `schema` (400 naming the field otherwise). */
export async function readBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  assertJsonDepth(text, ADMIN_BODY_MAX_DEPTH);
  const body = parseJsonObject(text || "{}");
  const proto = prototypeKeyPath(body);
  if (proto) throw invalidRequest(`Invalid request: ${proto}: '__proto__' is not allowed as a name.`, proto, "invalid_value");
  return validateWith(schema, body);
}

/** A path segment checked against its grammar: a 400 naming the parameter otherwise, before any storage sees it. */
export function pathParam<S extends z.ZodType<unknown, string>>(c: Context<AppEnv>, param: string, grammar: S): z.output<S> {
  const value = c.req.param(param) ?? "";
  const result = grammar.safeParse(value);
  if (!result.success)
    throw invalidRequest(`Invalid ${param}: ${result.error.issues[0]?.message ?? "invalid value"}.`, param, "invalid_value");
  return result.data;
}

/** A path segment that names a tenant, provider or workflow. */
export function nameParam(c: Context<AppEnv>, param: string): string {
  return pathParam(c, param, resourceName);
}

/** Operator-only routes (creating tenants, listing all of them). */
export function requireGlobalAdmin(c: Context<AppEnv>): void {
  if (c.get("adminScope").kind !== "global") throw forbidden("Only the operator's ADMIN_TOKEN may do this.", "admin_scope");
}

/** The tenant named in the path, or 404; a tenant admin key reaches its own tenant only (403). */
export async function requireTenant(c: Context<AppEnv>): Promise<TenantRecord> {
  const name = nameParam(c, "tenant");
  const scope = c.get("adminScope");
  if (scope.kind === "tenant" && scope.tenant !== name)
    throw forbidden(`This admin key manages tenant '${scope.tenant}' only.`, "admin_scope");
  const tenant = await c.get("store").getTenant(name);
  if (!tenant) throw notFound(`No tenant named '${name}'.`, "tenant_not_found");
  return tenant;
}
