import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJsonc } from "../../src/config/jsonc.ts";
import { type RunningGateway, startGateway } from "./wrangler-dev.ts";

/** The gateway with its Durable Objects in a second `wrangler dev` process, and that second process. */
export interface SplitGateway extends RunningGateway {
  /** The `wrangler dev` session that hosts every Durable Object class (its own workerd). */
  objects: RunningGateway;
}

interface DurableObjectBinding {
  name: string;
  class_name: string;
  script_name?: string;
}

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Starts the gateway the way Cloudflare runs it: its Durable Objects in another process, never on
 * the Worker's thread. Two `wrangler dev` sessions are joined through wrangler's local dev registry
 * (a private one per run, `WRANGLER_REGISTRY_PATH`): the objects' session runs `objectsMain` (the
 * gateway's own entry by default) and owns the classes and their migrations; the gateway's session
 * names it as `script_name` on every Durable Object binding. Both share one local storage folder,
 * so KV (configuration, cache) is the same on both sides, as it is on Cloudflare.
 *
 * The configs are generated from wrangler.jsonc, so they follow it; the dashboard's static assets
 * are left out (on Cloudflare the asset router is not the Worker's code; locally it is a Worker of its own).
 */
export async function startSplitGateway(options: {
  adminToken: string;
  objectsMain?: string;
  extraVars?: string[];
}): Promise<SplitGateway> {
  const config = parseJsonc(readFileSync(join(root, "wrangler.jsonc"), "utf8")) as Record<string, any>;
  const { $schema: _schema, dev: _dev, observability: _observability, assets: _assets, durable_objects, migrations, ...rest } = config;
  const dir = mkdtempSync(join(tmpdir(), "gateway-split-"));
  const registry = join(dir, "registry");
  const persistTo = join(dir, "state");
  mkdirSync(registry);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const objectsName = `gateway-objects-${suffix}`;
  const bindings = (durable_objects as { bindings: DurableObjectBinding[] }).bindings;
  const write = (file: string, body: Record<string, unknown>) => {
    const path = join(dir, file);
    writeFileSync(path, JSON.stringify(body, null, 2));
    return path;
  };
  const objectsConfig = write("wrangler.objects.json", {
    ...rest,
    name: objectsName,
    main: options.objectsMain ?? join(root, "src/index.ts"),
    durable_objects: { bindings },
    migrations,
  });
  const gatewayConfig = write("wrangler.gateway.json", {
    ...rest,
    name: `gateway-${suffix}`,
    main: join(root, "src/index.ts"),
    durable_objects: { bindings: bindings.map((b) => ({ ...b, script_name: objectsName })) },
  });
  // .dev.vars sits beside wrangler.jsonc, not beside these configs: the values both sides need.
  const secret = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
  const vars = ["--var", `SECRETS_KEY:${secret}`, "--var", "SEED_DEMO:true", ...(options.extraVars ?? [])];
  const env = { WRANGLER_REGISTRY_PATH: registry };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let objects: RunningGateway | null = null;
  try {
    objects = await startGateway({ adminToken: options.adminToken, persistTo, env, extraArgs: ["--config", objectsConfig, ...vars] });
    const gateway = await startGateway({ adminToken: options.adminToken, persistTo, env, extraArgs: ["--config", gatewayConfig, ...vars] });
    const running = objects;
    return {
      ...gateway,
      objects: running,
      stop: async () => {
        await gateway.stop();
        await running.stop();
        cleanup();
      },
    };
  } catch (error) {
    await objects?.stop();
    cleanup();
    throw error;
  }
}
