import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJsonc } from "../../src/config/jsonc.ts";

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Writes a wrangler config derived from wrangler.jsonc (bindings, migrations, vars, flags) into
 * `dir`, with `overrides` on top, and returns its path. Paths in it must be absolute (`main`). The
 * dashboard's static assets are left out: a data-plane request never reaches them.
 */
export function writeGatewayConfig(dir: string, file: string, overrides: (config: Record<string, any>) => Record<string, unknown>): string {
  const config = parseJsonc(readFileSync(join(repoRoot, "wrangler.jsonc"), "utf8")) as Record<string, any>;
  const { $schema: _schema, dev: _dev, observability: _observability, assets: _assets, ...rest } = config;
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ ...rest, ...overrides(rest) }, null, 2));
  return path;
}

/** A throwaway sealing key for a gateway started from a generated config (.dev.vars sits beside wrangler.jsonc, not beside it). */
export function throwawaySecretsKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
}
