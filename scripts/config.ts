/**
 * Config as code: `npm run config -- <push|diff|pull|schema> [options]`.
 *
 *   diff   --url URL --token TOKEN [--file F] [--prune]   what push would change (exit 0; nothing written)
 *   push   --url URL --token TOKEN [--file F] [--prune]   applies the file; a second push changes nothing
 *   pull   --url URL --token TOKEN --tenant T [--tenant …] prints the tenants as a config file (no secrets)
 *   schema [--write]                                     prints (or writes) gateway.config.schema.json
 *
 * `--token` defaults to $GATEWAY_ADMIN_TOKEN. Provider keys come from the environment variables
 * the file names (`"apiKey": {"env": "OPENAI_API_KEY"}`), never from the file itself. Webhook
 * signing secrets are made by the gateway: `push` prints a created webhook's secret, once.
 * An OpenTelemetry exporter's header values come from the environment too (`"headers": {"x-api-key": {"env": …}}`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { configFile, type fileTelemetry } from "../src/config/config-file.ts";
import {
  type ConfigChange,
  describeChange,
  type LiveTenant,
  planConfigChanges,
  type ResolvedFileMcpServer,
  type ResolvedFileProvider,
  type ResolvedFileTelemetry,
} from "../src/config/config-plan.ts";
import { splitHeaders } from "../src/config/credential-headers.ts";
import { parseJsonc } from "../src/config/jsonc.ts";
import { telemetryHeadersFingerprint } from "../src/config/telemetry-config.ts";
import { keyFingerprint } from "../src/secrets/crypto.ts";

type FileTelemetry = z.output<typeof fileTelemetry>;

const SCHEMA_FILE = "gateway.config.schema.json";

class CliError extends Error {}

function adminClient(url: string, token: string) {
  const base = `${url.replace(/\/+$/, "")}/admin/v1`;
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: unknown) => {
      throw new CliError(
        `cannot reach ${base}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error}`,
      );
    });
    const json = await res.json().catch(() => null);
    if (!res.ok && res.status !== 404) throw new CliError(`${method} ${path}: HTTP ${res.status} ${json?.error?.message ?? ""}`);
    return { status: res.status, json };
  };
}
type AdminCall = ReturnType<typeof adminClient>;

/** One tenant as the gateway holds it, or undefined when it does not exist. */
async function readLiveTenant(call: AdminCall, tenant: string): Promise<LiveTenant | undefined> {
  const found = await call("GET", `/tenants/${tenant}`);
  if (found.status === 404) return undefined;
  const [providers, workflows, prices, webhooks, telemetry, mcpServers] = await Promise.all([
    call("GET", `/tenants/${tenant}/providers`),
    call("GET", `/tenants/${tenant}/workflows`),
    call("GET", `/tenants/${tenant}/prices`),
    call("GET", `/tenants/${tenant}/webhooks`),
    call("GET", `/tenants/${tenant}/telemetry`),
    call("GET", `/tenants/${tenant}/mcp-servers`),
  ]);
  const byName = (list: Array<Record<string, unknown>>) => Object.fromEntries(list.map((item) => [String(item.name), item]));
  return {
    hostnames: found.json.hostnames ?? [],
    providers: byName(providers.json.data),
    workflows: byName(workflows.json.data),
    prices: prices.json.prices,
    // A gateway from before webhooks answers 404 here: it has none.
    webhooks: webhooks.status === 404 ? {} : byName(webhooks.json.data),
    // 404: no exporter (or a gateway from before telemetry).
    telemetry: telemetry.status === 404 ? null : telemetry.json,
    // A gateway from before the MCP door answers 404: it has none.
    mcpServers: mcpServers.status === 404 ? {} : byName(mcpServers.json.data),
  };
}

/** The value of the environment variable a file names, or a CLI error saying where it was needed. */
function fromEnv(ref: { env: string }, where: string): string {
  const secret = process.env[ref.env];
  if (!secret) throw new CliError(`${where}: the environment variable ${ref.env} is not set`);
  return secret;
}

/** Fingerprints of the headers the gateway will seal, as its reads show them. */
async function secretFingerprints(headers: Record<string, string>, marked: string[] | undefined) {
  const { secret } = splitHeaders(headers, marked);
  const entries = await Promise.all(Object.entries(secret).map(async ([name, value]) => [name, await keyFingerprint(value)] as const));
  return entries.length ? { secretHeaderFingerprints: Object.fromEntries(entries) } : {};
}

/** A file's header values, each literal or read from the environment variable it names. */
function resolveHeaders(fileHeaders: Record<string, string | { env: string }> | undefined, where: string) {
  if (!fileHeaders) return undefined;
  return Object.fromEntries(
    Object.entries(fileHeaders).map(([h, v]) => [h, typeof v === "string" ? v : fromEnv(v, `${where}.headers.${h}`)]),
  );
}

/** A file's exporter with its header values read from the environment, and their fingerprint. */
async function resolveTelemetry(tenant: string, { headers: fileHeaders, ...settings }: FileTelemetry): Promise<ResolvedFileTelemetry> {
  if (!fileHeaders) return settings;
  const headers = Object.fromEntries(
    Object.entries(fileHeaders).map(([h, v]) => [h, typeof v === "string" ? v : fromEnv(v, `tenants.${tenant}.telemetry.headers.${h}`)]),
  );
  return { ...settings, headers, headersFingerprint: await telemetryHeadersFingerprint(headers) };
}

/** The file, validated, with each provider's key and secret headers read from the environment variables it names. */
async function loadFile(path: string) {
  const parsed = configFile.safeParse(parseJsonc(readFileSync(path, "utf8")));
  if (!parsed.success) throw new CliError(`${path} is not a valid config:\n${z.prettifyError(parsed.error)}`);
  const tenants: Parameters<typeof planConfigChanges>[0]["tenants"] = {};
  for (const [tenant, config] of Object.entries(parsed.data.tenants)) {
    const providers: Record<string, ResolvedFileProvider> = {};
    for (const [name, { apiKey, headers: fileHeaders, ...provider }] of Object.entries(config.providers)) {
      const where = `tenants.${tenant}.providers.${name}`;
      const headers = resolveHeaders(fileHeaders, where);
      const secret = apiKey ? fromEnv(apiKey, `${where}.apiKey`) : undefined;
      providers[name] = {
        ...provider,
        ...(headers ? { headers, ...(await secretFingerprints(headers, provider.secretHeaders)) } : {}),
        ...(secret ? { apiKey: secret, apiKeyFingerprint: await keyFingerprint(secret) } : {}),
      };
    }
    const mcpServers: Record<string, ResolvedFileMcpServer> = {};
    for (const [name, { headers: fileHeaders, ...server }] of Object.entries(config.mcpServers)) {
      const headers = resolveHeaders(fileHeaders, `tenants.${tenant}.mcpServers.${name}`);
      mcpServers[name] = { ...server, ...(headers ? { headers, ...(await secretFingerprints(headers, server.secretHeaders)) } : {}) };
    }
    const { telemetry: fileTelemetry, ...rest } = config;
    tenants[tenant] = {
      ...rest,
      providers,
      mcpServers,
      ...(fileTelemetry ? { telemetry: await resolveTelemetry(tenant, fileTelemetry) } : {}),
    };
  }
  return { tenants };
}

async function plan(call: AdminCall, path: string, prune: boolean): Promise<ConfigChange[]> {
  const file = await loadFile(path);
  const live = Object.fromEntries(
    await Promise.all(Object.keys(file.tenants).map(async (t) => [t, await readLiveTenant(call, t)] as const)),
  );
  return planConfigChanges(file, live, { prune });
}

/** An environment variable name for a provider's secret: `OPENAI_API_KEY`, `GROQ_X_API_KEY`, … */
const envName = (...parts: string[]) =>
  parts
    .join("_")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "_");

/** A live provider as a file entry: server fields dropped, secrets as env references, so it pushes back without changes. */
function fileEntry(name: string, record: Record<string, unknown>): Record<string, unknown> {
  const { name: _n, updatedAt: _u, hasApiKey, apiKeyFingerprint: _f, secretHeaderFingerprints, headers, ...rest } = record;
  const secretRefs = Object.keys((secretHeaderFingerprints as Record<string, string> | undefined) ?? {}).map((h) => [
    h,
    { env: envName(name, h) },
  ]);
  const allHeaders = { ...(headers as Record<string, string> | undefined), ...Object.fromEntries(secretRefs) };
  return {
    ...rest,
    ...(Object.keys(allHeaders).length ? { headers: allHeaders } : {}),
    ...(hasApiKey ? { apiKey: { env: envName(name, "API_KEY") } } : {}),
  };
}

/** Drops what the gateway adds to a workflow or webhook. */
function strip(record: Record<string, unknown>): Record<string, unknown> {
  const { name: _n, updatedAt: _u, createdAt: _c, disabledReason: _d, ...rest } = record;
  return rest;
}

/** A live exporter as a file entry: its sealed headers as env references (`TELEMETRY_X_HONEYCOMB_TEAM`). */
function telemetryEntry(record: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _u, headerNames, headersFingerprint: _f, ...rest } = record;
  const names = (headerNames as string[] | undefined) ?? [];
  return { ...rest, ...(names.length ? { headers: Object.fromEntries(names.map((h) => [h, { env: envName("telemetry", h) }])) } : {}) };
}

async function pull(call: AdminCall, tenants: string[]): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const tenant of tenants) {
    const live = await readLiveTenant(call, tenant);
    if (!live) throw new CliError(`no tenant named '${tenant}'`);
    const providers = Object.fromEntries(Object.entries(live.providers).map(([name, p]) => [name, fileEntry(name, p)]));
    const workflows = Object.fromEntries(Object.entries(live.workflows).map(([name, w]) => [name, strip(w)]));
    const webhooks = Object.fromEntries(Object.entries(live.webhooks).map(([name, w]) => [name, strip(w)]));
    const telemetry = live.telemetry ? telemetryEntry(live.telemetry) : null;
    const mcpServers = Object.fromEntries(Object.entries(live.mcpServers ?? {}).map(([name, m]) => [name, fileEntry(`mcp_${name}`, m)]));
    out[tenant] = {
      hostnames: live.hostnames,
      providers,
      workflows,
      ...(live.prices.length ? { prices: live.prices } : {}),
      ...(Object.keys(webhooks).length ? { webhooks } : {}),
      ...(Object.keys(mcpServers).length ? { mcpServers } : {}),
      ...(telemetry ? { telemetry } : {}),
    };
  }
  return JSON.stringify({ $schema: `./${SCHEMA_FILE}`, tenants: out }, null, 2);
}

export function configJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(configFile, { io: "input", unrepresentable: "any" }), null, 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      file: { type: "string", default: "gateway.config.jsonc" },
      tenant: { type: "string", multiple: true },
      prune: { type: "boolean", default: false },
      write: { type: "boolean", default: false },
    },
  });
  const command = positionals[0];
  if (command === "schema") {
    if (values.write) writeFileSync(SCHEMA_FILE, configJsonSchema());
    else process.stdout.write(configJsonSchema());
    return 0;
  }
  if (command !== "push" && command !== "diff" && command !== "pull")
    throw new CliError("usage: npm run config -- <push|diff|pull|schema> --url URL --token TOKEN");
  const token = values.token ?? process.env.GATEWAY_ADMIN_TOKEN;
  if (!values.url || !token) throw new CliError("--url and --token (or GATEWAY_ADMIN_TOKEN) are required");
  const call = adminClient(values.url, token);
  if (command === "pull") {
    if (!values.tenant?.length) throw new CliError("pull needs --tenant NAME (repeatable)");
    process.stdout.write(`${await pull(call, values.tenant)}\n`);
    return 0;
  }
  const changes = await plan(call, values.file, values.prune);
  for (const change of changes) {
    console.log(describeChange(change));
    if (command !== "push") continue;
    const { json } = await call(change.method, change.path, change.body);
    // The gateway makes a webhook's signing secret and shows it only in the answer to its creation.
    if (change.kind === "webhook" && typeof json?.secret === "string")
      console.log(`  signing secret of ${change.tenant}/${change.name} (shown once, store it now): ${json.secret}`);
  }
  const verb = command === "push" ? "applied" : "to apply";
  console.log(changes.length === 0 ? "no changes: the gateway matches the file" : `${changes.length} change(s) ${verb}`);
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof CliError ? `config: ${error.message}` : error);
      process.exit(error instanceof CliError ? 2 : 1);
    },
  );
}
