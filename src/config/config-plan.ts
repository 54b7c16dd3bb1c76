import { canonicalJson } from "../json/canonical-json.ts";
import type { ConfigFile } from "./config-file.ts";
import { splitHeaders } from "./credential-headers.ts";
import type { TelemetryInput } from "./telemetry-config.ts";

/** What a gateway holds for one tenant, as the admin API shows it. */
export interface LiveTenant {
  hostnames: string[];
  /** Providers as `GET …/providers` lists them: `apiKeyFingerprint` stands in for the write-only key. */
  providers: Record<string, Record<string, unknown>>;
  workflows: Record<string, Record<string, unknown>>;
  prices: unknown[];
  /** Webhooks as `GET …/webhooks` lists them (their secrets are never shown). */
  webhooks: Record<string, Record<string, unknown>>;
  /** MCP servers as `GET …/mcp-servers` lists them (secret headers as fingerprints). */
  mcpServers?: Record<string, Record<string, unknown>>;
  /** The exporter as `GET …/telemetry` shows it (header names and fingerprint, never values); null when none. */
  telemetry?: Record<string, unknown> | null;
}

/** A file's exporter with its header values read from the environment, and their fingerprint. */
export type ResolvedFileTelemetry = Omit<TelemetryInput, "headers"> & { headers?: Record<string, string>; headersFingerprint?: string };

/** One admin API call that brings the gateway in line with the file. */
export interface ConfigChange {
  action: "create" | "update" | "delete";
  kind: "tenant" | "provider" | "workflow" | "prices" | "webhook" | "telemetry" | "mcp-server";
  tenant: string;
  name: string;
  method: "PUT" | "DELETE";
  /** Path below `/admin/v1`. */
  path: string;
  body?: unknown;
  /** The fields that differ (updates only). */
  fields: string[];
}

/**
 * A file provider with its secrets read from the environment: the key and secret header values
 * themselves (sent on push) and their fingerprints (compared with the live ones).
 */
export type ResolvedFileProvider = Omit<ConfigFile["tenants"][string]["providers"][string], "apiKey" | "headers"> & {
  apiKey?: string;
  apiKeyFingerprint?: string;
  headers?: Record<string, string>;
  secretHeaderFingerprints?: Record<string, string>;
};

/** A file MCP server with its header values read from the environment, and the fingerprints of those the gateway seals. */
export type ResolvedFileMcpServer = Omit<ConfigFile["tenants"][string]["mcpServers"][string], "headers"> & {
  headers?: Record<string, string>;
  secretHeaderFingerprints?: Record<string, string>;
};

/** Fields the gateway adds to what it stores, never part of the desired state. */
const SERVER_FIELDS = new Set([
  "name",
  "updatedAt",
  "createdAt",
  "hasApiKey",
  "apiKeyFingerprint",
  "secretHeaderFingerprints",
  "disabledReason",
]);

/**
 * A file provider as a read would show it (secret headers left out) and the body a PUT sends:
 * every header, plus `null` for each secret header the gateway holds and the file no longer names.
 */
function providerViews<T extends { headers?: Record<string, string>; secretHeaders?: string[] }>(
  provider: T,
  live: Record<string, unknown> | undefined,
) {
  const { plain } = splitHeaders(provider.headers, provider.secretHeaders);
  const { headers: _all, ...rest } = provider;
  const shown = Object.keys(plain).length ? { ...rest, headers: plain } : rest;
  const liveSecret = Object.keys((live?.secretHeaderFingerprints as Record<string, string> | undefined) ?? {});
  const removed = liveSecret.filter((name) => !(name in (provider.headers ?? {})));
  const headers = { ...provider.headers, ...Object.fromEntries(removed.map((name) => [name, null])) };
  return { shown, body: Object.keys(headers).length ? { ...rest, headers } : rest };
}

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
      {
        hostnames?: string[];
        providers: Record<string, ResolvedFileProvider>;
        workflows: Record<string, unknown>;
        prices?: unknown[];
        webhooks?: Record<string, unknown>;
        mcpServers?: Record<string, ResolvedFileMcpServer>;
        telemetry?: ResolvedFileTelemetry;
      }
    >;
  },
  live: Record<string, LiveTenant | undefined>,
  options: { prune: boolean } = { prune: false },
): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const [tenant, desired] of Object.entries(file.tenants)) {
    const current = live[tenant];
    const base = `/tenants/${tenant}`;
    /** A PUT when the resource is missing or differs in `fields`. */
    const put = (kind: ConfigChange["kind"], name: string, path: string, body: unknown, exists: boolean, fields: string[]) => {
      if (!exists || fields.length > 0)
        changes.push({ action: exists ? "update" : "create", kind, tenant, name, method: "PUT", path, body, fields });
    };
    const hostnames = desired.hostnames ?? [];
    const sameHostnames = canonicalJson([...hostnames].sort()) === canonicalJson([...(current?.hostnames ?? [])].sort());
    put("tenant", tenant, base, { hostnames }, current !== undefined, sameHostnames ? [] : ["hostnames"]);

    for (const [name, { apiKeyFingerprint, secretHeaderFingerprints, ...provider }] of Object.entries(desired.providers)) {
      const existing = current?.providers[name];
      const { shown, body } = providerViews(provider, existing);
      const fields = differingFields(shown, existing);
      // The key is write-only: the stored fingerprint tells whether the file's key is the one in use.
      if (existing && apiKeyFingerprint && existing.apiKeyFingerprint !== apiKeyFingerprint) fields.push("apiKey");
      // Secret headers likewise, by their fingerprints.
      const liveSecret = canonicalJson(existing?.secretHeaderFingerprints ?? {});
      if (existing && liveSecret !== canonicalJson(secretHeaderFingerprints ?? {}) && !fields.includes("headers")) fields.push("headers");
      put("provider", name, `${base}/providers/${name}`, body, existing !== undefined, fields.sort());
    }
    const mcpServers = desired.mcpServers ?? {};
    for (const [name, { secretHeaderFingerprints, ...server }] of Object.entries(mcpServers)) {
      const existing = current?.mcpServers?.[name];
      const { shown, body } = providerViews(server, existing);
      const fields = differingFields(shown, existing);
      if (
        existing &&
        canonicalJson(existing.secretHeaderFingerprints ?? {}) !== canonicalJson(secretHeaderFingerprints ?? {}) &&
        !fields.includes("headers")
      )
        fields.push("headers");
      put("mcp-server", name, `${base}/mcp-servers/${name}`, body, existing !== undefined, fields.sort());
    }
    for (const [name, workflow] of Object.entries(desired.workflows)) {
      const existing = current?.workflows[name];
      put(
        "workflow",
        name,
        `${base}/workflows/${name}`,
        workflow,
        existing !== undefined,
        differingFields(workflow as Record<string, unknown>, existing),
      );
    }
    const webhooks = desired.webhooks ?? {};
    for (const [name, webhook] of Object.entries(webhooks)) {
      const existing = current?.webhooks[name];
      // A webhook the gateway disabled (its receiver answered 410) is enabled again if the file says so.
      const fields = differingFields(webhook as Record<string, unknown>, existing);
      put("webhook", name, `${base}/webhooks/${name}`, webhook, existing !== undefined, fields);
    }
    if (desired.telemetry) {
      const { headers, headersFingerprint, ...settings } = desired.telemetry;
      // Header values are write-only: their names and fingerprint stand in for them.
      const shown = { ...settings, headerNames: Object.keys(headers ?? {}).sort(), headersFingerprint: headersFingerprint ?? null };
      const existing = current?.telemetry ?? undefined;
      put(
        "telemetry",
        "telemetry",
        `${base}/telemetry`,
        { ...settings, headers: headers ?? null },
        !!existing,
        differingFields(shown, existing),
      );
    }
    if (desired.prices) {
      const samePrices = canonicalJson(desired.prices) === canonicalJson(current?.prices ?? []);
      put("prices", "prices", `${base}/prices`, { prices: desired.prices }, current !== undefined, samePrices ? [] : ["prices"]);
    }

    if (options.prune && current) {
      const remove = (kind: "workflow" | "provider" | "webhook" | "mcp-server", names: string[]) => {
        for (const name of names)
          changes.push({ action: "delete", kind, tenant, name, method: "DELETE", path: `${base}/${kind}s/${name}`, fields: [] });
      };
      // Workflows first: a provider cannot go while a workflow still names it.
      remove(
        "workflow",
        Object.keys(current.workflows).filter((n) => !(n in desired.workflows)),
      );
      remove(
        "provider",
        Object.keys(current.providers).filter((n) => !(n in desired.providers)),
      );
      remove(
        "webhook",
        Object.keys(current.webhooks ?? {}).filter((n) => !(n in webhooks)),
      );
      remove(
        "mcp-server",
        Object.keys(current.mcpServers ?? {}).filter((n) => !(n in mcpServers)),
      );
      if (current.telemetry && !desired.telemetry)
        changes.push({
          action: "delete",
          kind: "telemetry",
          tenant,
          name: "telemetry",
          method: "DELETE",
          path: `${base}/telemetry`,
          fields: [],
        });
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
