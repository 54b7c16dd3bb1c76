import { randomBytes } from "node:crypto";
import { type AdminApi, DrillError } from "./admin-api.ts";
import type { CheckId, DrillSettings, FixtureFacts } from "./check.ts";

/**
 * With an admin token the drill builds what it needs: a `drill-<random>` tenant, two faux
 * providers (so headers and the log can tell primary from backup), one workflow per check whose
 * faux model injects that check's fault, and an inference key. Deleted again afterwards.
 */

const PACE_MS = 200;
const IDLE_MS = 1_500;
const KEEPALIVE_MS = 1_000;
/** The keepalive workflow's silence: long enough for a few keepalives before its idle timeout. */
const KEEPALIVE_IDLE_MS = 3_500;

const quick = { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 };
const timeouts = (extra: Record<string, number> = {}) => ({ firstEventMs: 5_000, idleMs: 5_000, totalMs: 20_000, ...extra });

/** Each check's workflow: targets on the primary (and backup) faux providers, and its policy. */
const WORKFLOWS: Record<CheckId, Record<string, unknown>> = {
  "stream-headers": { targets: [{ provider: "primary", model: "words-8" }] },
  "no-buffering": { targets: [{ provider: "primary", model: `slow-${PACE_MS}+words-8` }] },
  "first-event": { targets: [{ provider: "primary", model: "words-8" }] },
  "failover-before-output": {
    targets: [
      { provider: "primary", model: "status-503" },
      { provider: "backup", model: "echo" },
    ],
    retry: quick,
  },
  "error-event-before-output": {
    targets: [
      { provider: "primary", model: "error-first" },
      { provider: "backup", model: "echo" },
    ],
    retry: quick,
  },
  "error-after-output": {
    targets: [
      { provider: "primary", model: "slow-50+words-6+error-after-3" },
      { provider: "backup", model: "echo" },
    ],
    retry: quick,
  },
  "idle-timeout": { targets: [{ provider: "primary", model: "words-6+hang-after-2" }], timeouts: timeouts({ idleMs: IDLE_MS }) },
  keepalive: {
    targets: [{ provider: "primary", model: "words-3+hang-after-1" }],
    timeouts: timeouts({ idleMs: KEEPALIVE_IDLE_MS, keepaliveMs: KEEPALIVE_MS }),
  },
  "client-abort": { targets: [{ provider: "primary", model: "words-40+slow-100" }] },
  "all-targets-fail": {
    targets: [
      { provider: "primary", model: "status-503" },
      { provider: "backup", model: "status-500" },
    ],
    retry: quick,
  },
  "usage-and-cost": { targets: [{ provider: "primary", model: "words-8" }] },
  "cache-replay": { targets: [{ provider: "primary", model: "slow-20+words-12" }], cache: { ttlSeconds: 60 } },
};

/** The settings the fixture's workflows make true. */
export const FIXTURE_SETTINGS: Pick<DrillSettings, "paceMs" | "idleMs" | "keepaliveMs"> = {
  paceMs: PACE_MS,
  idleMs: IDLE_MS,
  keepaliveMs: KEEPALIVE_MS,
};

export interface Fixture {
  facts: FixtureFacts;
  key: string;
  workflowFor(check: CheckId): string;
  teardown(): Promise<void>;
}

async function must(admin: AdminApi, method: string, path: string, body?: unknown) {
  const { status, json } = await admin.call(method, path, body);
  if (status >= 400) throw new DrillError(`${method} /admin/v1${path}: HTTP ${status} ${json?.error?.message ?? ""}`);
  return json;
}

/** Creates the tenant, providers, workflows and key; on any failure removes what it made. */
export async function setUpFixture(admin: AdminApi, prompt: string, progress: (line: string) => void): Promise<Fixture> {
  const tenant = `drill-${randomBytes(4).toString("hex")}`;
  const teardown = async () => {
    const { status } = await admin.call("DELETE", `/tenants/${tenant}`).catch(() => ({ status: 0 }));
    progress(status === 200 ? `deleted tenant ${tenant}` : `could not delete tenant ${tenant} (HTTP ${status}): delete it by hand`);
  };
  progress(`setting up tenant ${tenant} (faux providers, ${Object.keys(WORKFLOWS).length} workflows, a key)`);
  try {
    await must(admin, "PUT", `/tenants/${tenant}`, {});
    for (const provider of ["primary", "backup"]) await must(admin, "PUT", `/tenants/${tenant}/providers/${provider}`, { type: "faux" });
    for (const [name, workflow] of Object.entries(WORKFLOWS))
      await must(admin, "PUT", `/tenants/${tenant}/workflows/${name}`, { timeouts: timeouts(), ...workflow });
    const { key } = await must(admin, "POST", `/tenants/${tenant}/keys`, { name: "drill" });
    return {
      facts: { tenant, primary: "primary", backup: "backup", backupText: `Echo: ${prompt}`, partialText: "alpha bravo charlie " },
      key,
      workflowFor: (check) => check,
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
