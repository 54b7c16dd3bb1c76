import { sha256Hex } from "../auth/crypto.ts";
import type { ConfigStore } from "./config-store.ts";
import { type WorkflowInput, workflowInput } from "./schemas.ts";

/** The documented local demo key (README). Seeded only when `SEED_DEMO=true`, i.e. under `wrangler dev`. */
export const DEMO_KEY = "sk-gw-demo";
export const DEMO_TENANT = "demo";

const DEMO_WORKFLOWS: Record<string, Partial<WorkflowInput>> = {
  demo: { targets: [{ provider: "faux", model: "echo" }] },
  "demo-slow": { targets: [{ provider: "faux", model: "slow-250" }] },
  "demo-failover": {
    targets: [
      { provider: "faux", model: "status-503" },
      { provider: "faux", model: "echo" },
    ],
    retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
  },
  "demo-retry": { targets: [{ provider: "faux", model: "fail-first-1" }] },
  "demo-interrupted": {
    targets: [
      { provider: "faux", model: "slow-100+die-after-3" },
      { provider: "faux", model: "echo" },
    ],
  },
};

const SEED_VERSION = "demo-seed-1";

/** Writes the demo tenant, provider, workflows and key, once per seed version. */
async function writeDemoSeed(store: ConfigStore): Promise<void> {
  if ((await store.getSeedMarker()) === SEED_VERSION) return;
  const updatedAt = new Date().toISOString();
  await store.putTenant({ name: DEMO_TENANT, hostnames: [], updatedAt }, null);
  await store.putProvider(DEMO_TENANT, { name: "faux", type: "faux", updatedAt });
  await Promise.all(
    Object.entries(DEMO_WORKFLOWS).map(([name, workflow]) =>
      store.putWorkflow(DEMO_TENANT, { ...workflowInput.parse(workflow), name, updatedAt }),
    ),
  );
  await store.putKey({
    id: "key_demo",
    tenant: DEMO_TENANT,
    name: "demo",
    role: "inference",
    hash: await sha256Hex(DEMO_KEY),
    createdAt: updatedAt,
  });
  await store.putSeedMarker(SEED_VERSION);
}

let seeding: Promise<void> | null = null;

/** Seeds the demo once per isolate (the marker makes it once per storage). */
export function ensureDemoSeed(store: ConfigStore): Promise<void> {
  seeding ??= writeDemoSeed(store).catch((error) => {
    seeding = null;
    throw error;
  });
  return seeding;
}
