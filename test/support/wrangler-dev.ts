import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

export interface RunningGateway {
  url: string;
  adminToken: string;
  /** The process group leader (`npm run dev`); workerd runs below it. */
  pid: number;
  /** wrangler's inspector (Chrome DevTools protocol) for the Worker: profiles and heap snapshots. */
  inspectorPort: number;
  stop(): Promise<void>;
}

/**
 * Starts the real gateway with `npm run dev` (wrangler dev under workerd) on a free loopback
 * port and fresh local storage, and waits until it answers. Bounded: gives up after `timeoutMs`.
 */
export async function startGateway(
  options: {
    adminToken?: string;
    timeoutMs?: number;
    extraArgs?: string[];
    /** Local storage to use and keep (a restart test starts a second gateway on the first one's); fresh and removed on stop otherwise. */
    persistTo?: string;
    /** Extra environment for wrangler (e.g. `WRANGLER_REGISTRY_PATH`). */
    env?: Record<string, string>;
  } = {},
): Promise<RunningGateway> {
  const adminToken = options.adminToken ?? "e2e-admin-token";
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), "gateway-e2e-"));
  const args = [
    "run",
    "dev",
    "--",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistTo,
    "--var",
    `ADMIN_TOKEN:${adminToken}`,
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn("npm", args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", ...options.env },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
          resolve(null);
        }, 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve(null);
        });
      });
    }
    if (!options.persistTo) rmSync(persistTo, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, adminToken, pid: child.pid ?? 0, inspectorPort, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready:\n${output.slice(-4000)}`);
}
