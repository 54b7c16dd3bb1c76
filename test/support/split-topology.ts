import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, throwawaySecretsKey, writeGatewayConfig } from "./generated-config.ts";
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

/**
 * Starts the gateway the way Cloudflare runs it: its Durable Objects in another process, never on
 * the Worker's thread. Two `wrangler dev` sessions are joined through wrangler's local dev registry
 * (a private one per run, `WRANGLER_REGISTRY_PATH`): the objects' session runs `objectsMain` (the
 * gateway's own entry by default) and owns the classes and their migrations; the gateway's session
 * names it as `script_name` on every Durable Object binding. Both share one local storage folder,
 * so KV (configuration, cache) is the same on both sides, as it is on Cloudflare.
 *
 * The configs are generated from wrangler.jsonc, so they follow it (without the dashboard's assets:
 * on Cloudflare the asset router is not the Worker's code; locally it is a Worker of its own).
 */
export async function startSplitGateway(options: {
  adminToken: string;
  objectsMain?: string;
  extraVars?: string[];
}): Promise<SplitGateway> {
  const dir = mkdtempSync(join(tmpdir(), "gateway-split-"));
  const registry = join(dir, "registry");
  const persistTo = join(dir, "state");
  mkdirSync(registry);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const objectsName = `gateway-objects-${suffix}`;
  const objectsConfig = writeGatewayConfig(dir, "wrangler.objects.json", () => ({
    name: objectsName,
    main: options.objectsMain ?? join(repoRoot, "src/index.ts"),
  }));
  const gatewayConfig = writeGatewayConfig(dir, "wrangler.gateway.json", ({ durable_objects }) => ({
    name: `gateway-${suffix}`,
    main: join(repoRoot, "src/index.ts"),
    durable_objects: {
      bindings: (durable_objects as { bindings: DurableObjectBinding[] }).bindings.map((b) => ({ ...b, script_name: objectsName })),
    },
    migrations: [],
  }));
  const vars = ["--var", `SECRETS_KEY:${throwawaySecretsKey()}`, "--var", "SEED_DEMO:true", ...(options.extraVars ?? [])];
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

/** The gateway in one process, as `npm run dev` runs it, from another entry (a test Worker that re-exports the gateway's). */
export async function startGatewayWithEntry(options: {
  adminToken: string;
  main: string;
  name: string;
  /** Seed the demo tenant and key (`sk-gw-demo`), as `npm run dev` does. */
  seedDemo?: boolean;
}): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), "gateway-entry-"));
  const config = writeGatewayConfig(dir, "wrangler.json", () => ({ name: options.name, main: options.main }));
  const vars = ["--var", `SECRETS_KEY:${throwawaySecretsKey()}`, ...(options.seedDemo ? ["--var", "SEED_DEMO:true"] : [])];
  const gateway = await startGateway({ adminToken: options.adminToken, extraArgs: ["--config", config, ...vars] }).catch((error) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...gateway,
    stop: async () => {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
