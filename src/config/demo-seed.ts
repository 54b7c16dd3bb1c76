import { z } from "zod";
import seedText from "../../gateway.config.jsonc";
import { GatewayError } from "../http/gateway-error.ts";
import { sha256Hex } from "../secrets/crypto.ts";
import { configFile } from "./config-file.ts";
import type { ConfigStore } from "./config-store.ts";
import { splitHeaders } from "./credential-headers.ts";
import { parseJsonc } from "./jsonc.ts";

/** The documented local demo key (README). Seeded only when `SEED_DEMO=true`, i.e. under `wrangler dev`. */
export const DEMO_KEY = "sk-gw-demo";
export const DEMO_TENANT = "demo";

/**
 * Writes `gateway.config.jsonc` and the demo key into local storage, once per version of the file
 * (a marker holds the file's hash, so edits are re-seeded and admin changes otherwise persist).
 * File providers' `apiKey.env` references are not resolved here: the seed is for keyless providers.
 */
async function writeSeed(store: ConfigStore): Promise<void> {
  const version = await sha256Hex(seedText);
  if ((await store.getSeedMarker()) === version) return;
  const file = parseSeedFile(seedText);
  const updatedAt = new Date().toISOString();
  for (const [tenant, config] of Object.entries(file.tenants)) {
    await store.putTenant({ name: tenant, hostnames: config.hostnames ?? [], updatedAt }, await store.getTenant(tenant));
    for (const [name, { apiKey: _fromEnv, headers, ...provider }] of Object.entries(config.providers)) {
      // Secrets are never stored unsealed: the seed keeps only literal headers that are not secret.
      const literal = Object.fromEntries(Object.entries(headers ?? {}).filter((h): h is [string, string] => typeof h[1] === "string"));
      const { plain } = splitHeaders(literal, provider.secretHeaders);
      await store.putProvider(tenant, { ...provider, ...(Object.keys(plain).length ? { headers: plain } : {}), name, updatedAt });
    }
    for (const [name, workflow] of Object.entries(config.workflows)) await store.putWorkflow(tenant, { ...workflow, name, updatedAt });
    if (config.prices) await store.putPrices(tenant, config.prices);
  }
  await store.putKey({
    id: "key_demo",
    tenant: DEMO_TENANT,
    name: "demo",
    role: "inference",
    hash: await sha256Hex(DEMO_KEY),
    createdAt: updatedAt,
  });
  await store.putSeedMarker(version);
}

/** The bundled file, validated; a broken local edit answers with what is wrong instead of an opaque 500. */
export function parseSeedFile(text: string) {
  let parsed: ReturnType<typeof configFile.safeParse>;
  try {
    parsed = configFile.safeParse(parseJsonc(text));
  } catch (error) {
    throw seedError(error instanceof Error ? error.message : String(error));
  }
  if (!parsed.success) throw seedError(z.prettifyError(parsed.error));
  return parsed.data;
}

const seedError = (detail: string) =>
  new GatewayError({
    status: 500,
    type: "server_error",
    code: "invalid_seed_config",
    publicMessage: `gateway.config.jsonc cannot seed local development: ${detail}`,
  });

let seeded = false;

/**
 * Seeds once per isolate (the marker makes it once per storage and file version). Requests that
 * arrive while the first is seeding check and write the same seed themselves (idempotent) rather
 * than await its work (`isolate-memory.ts`).
 */
export async function ensureDemoSeed(store: ConfigStore): Promise<void> {
  if (seeded) return;
  await writeSeed(store);
  seeded = true;
}
