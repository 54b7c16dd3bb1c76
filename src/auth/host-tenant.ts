import type { ConfigStore } from "../config/config-store.ts";
import { forbidden } from "../http/gateway-error.ts";

/** The tenant that owns the request's hostname, if any (per-tenant routes). */
export function hostTenant(store: ConfigStore, url: string): Promise<string | null> {
  return store.tenantForHostname(new URL(url).hostname);
}

/** On a tenant's own hostname only that tenant's credentials are accepted. */
export function assertHostAllows(owner: string | null, tenant: string): void {
  if (owner !== null && owner !== tenant)
    throw forbidden("This key belongs to another tenant than this hostname.", "wrong_tenant_for_host");
}
