import { canonicalJson } from "../cache/canonical-json.ts";
import type { ConfigFile } from "./config-file.ts";

/** What a gateway holds for one tenant, as the admin API shows it. */
export interface LiveTenant {
  hostnames: string[];
  /** Providers as `GET …/providers` lists them: `apiKeyFingerprint` stands in for the write-only key. */
  providers: Record<string, Record<string, unknown>>;
  workflows: Record<string, Record<string, unknown>>;
  prices: unknown[];
}

/** One admin API call that brings the gateway in line with the file. */
export interface ConfigChange {
  action: "create" | "update" | "delete";
  kind: "tenant" | "provider" | "workflow" | "prices";
  tenant: string;
  name: string;
  method: "PUT" | "DELETE";
  /** Path below `/admin/v1`. */
  path: string;
  body?: unknown;
  /** The fields that differ (updates only). */
  fields: string[];
}

/** A file provider with its key read from the environment: the key itself and its fingerprint. */
export type ResolvedFileProvider = Omit<ConfigFile["tenants"][string]["providers"][string], "apiKey"> & {
  apiKey?: string;
  apiKeyFingerprint?: string;
};

/** Fields the gateway adds to what it stores, never part of the desired state. */
const SERVER_FIELDS = new Set(["name", "updatedAt", "hasApiKey", "apiKeyFingerprint"]);

function differingFields(desired: Record<string, unknown>, live: Record<string, unknown> | undefined): string[] {
  if (!live) return [];
  const names = new Set([...Object.keys(desired), ...Object.keys(live)].filter((f) => !SERVER_FIELDS.has(f) && f !== "apiKey"));
  return [...names].filter((f) => canonicalJson(desired[f]) !== canonicalJson(live[f])).sort();
}

/**
 * The calls that make `live` match `file` for each of the file's tenants: a pure function, so
 * `diff` and `push` print the same plan and a second push plans nothing. Resources the file
 * does not name are deleted only with `prune`.
 */
export function planConfigChanges(
  file: {
    tenants: Record<
      string,
      { hostnames?: string[]; providers: Record<string, ResolvedFileProvider>; workflows: Record<string, unknown>; prices?: unknown[] }
    >;
  },
  live: Record<string, LiveTenant | undefined>,
  options: { prune: boolean } = { prune: false },
): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const [tenant, desired] of Object.entries(file.tenants)) {
    const current = live[tenant];
    const base = `/tenants/${tenant}`;
    const hostnames = desired.hostnames ?? [];
    if (!current)
      changes.push({ action: "create", kind: "tenant", tenant, name: tenant, method: "PUT", path: base, body: { hostnames }, fields: [] });
    else if (canonicalJson([...hostnames].sort()) !== canonicalJson([...current.hostnames].sort()))
      changes.push({
        action: "update",
        kind: "tenant",
        tenant,
        name: tenant,
        method: "PUT",
        path: base,
        body: { hostnames },
        fields: ["hostnames"],
      });

    for (const [name, { apiKeyFingerprint, ...provider }] of Object.entries(desired.providers)) {
      const existing = current?.providers[name];
      const fields = differingFields(provider, existing);
      // The key is write-only: the stored fingerprint tells whether the file's key is the one in use.
      if (existing && apiKeyFingerprint && existing.apiKeyFingerprint !== apiKeyFingerprint) fields.push("apiKey");
      if (!existing || fields.length > 0)
        changes.push({
          action: existing ? "update" : "create",
          kind: "provider",
          tenant,
          name,
          method: "PUT",
          path: `${base}/providers/${name}`,
          body: provider,
          fields,
        });
    }
    for (const [name, workflow] of Object.entries(desired.workflows)) {
      const existing = current?.workflows[name];
      const fields = differingFields(workflow as Record<string, unknown>, existing);
      if (!existing || fields.length > 0)
        changes.push({
          action: existing ? "update" : "create",
          kind: "workflow",
          tenant,
          name,
          method: "PUT",
          path: `${base}/workflows/${name}`,
          body: workflow,
          fields,
        });
    }
    if (desired.prices && canonicalJson(desired.prices) !== canonicalJson(current?.prices ?? []))
      changes.push({
        action: current?.prices.length ? "update" : "create",
        kind: "prices",
        tenant,
        name: "prices",
        method: "PUT",
        path: `${base}/prices`,
        body: { prices: desired.prices },
        fields: ["prices"],
      });

    if (options.prune && current) {
      for (const name of Object.keys(current.workflows).filter((n) => !(n in desired.workflows)))
        changes.push({ action: "delete", kind: "workflow", tenant, name, method: "DELETE", path: `${base}/workflows/${name}`, fields: [] });
      for (const name of Object.keys(current.providers).filter((n) => !(n in desired.providers)))
        changes.push({ action: "delete", kind: "provider", tenant, name, method: "DELETE", path: `${base}/providers/${name}`, fields: [] });
    }
  }
  return changes;
}

/** `+ provider acme/openai`, `~ workflow acme/chat (retry, targets)`, `- workflow acme/old`. */
export function describeChange(change: ConfigChange): string {
  const sign = { create: "+", update: "~", delete: "-" }[change.action];
  const fields = change.fields.length ? ` (${change.fields.join(", ")})` : "";
  const what = change.kind === "tenant" ? change.tenant : `${change.tenant}/${change.name}`;
  return `${sign} ${change.kind} ${what}${fields}`;
}
