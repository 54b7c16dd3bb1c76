import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../test/support/free-port.ts";
import type { Target } from "./client.ts";

const PORTKEY_VERSION = "1.15.2";

/**
 * Why the peer is a Node server and not Portkey's Worker build under `wrangler dev`: the npm
 * package ships only `build/start-server.js` (one bundle that imports `@hono/node-server`, `https`,
 * `ws`, `ioredis`, `fs/promises` and starts listening at import) and `build/public`; its Worker
 * entry (`wrangler dev src/index.ts`) and wrangler config exist only in the GitHub sources.
 */
export const PORTKEY_RUNTIME_NOTE =
  `Portkey ${PORTKEY_VERSION} from npm runs as a Node server, not under wrangler dev: the npm package ships only a Node bundle ` +
  "(build/start-server.js: @hono/node-server, https, ws, ioredis, fs), no Worker entry or wrangler config; its figures are not same-runtime";

/**
 * Portkey's open-source gateway, installed from npm into a temporary folder (with the
 * `@hono/node-server` 1.13.5 / `hono` 4.9.7 overrides its streams need) and started on loopback,
 * pointed at the same upstream through `x-portkey-custom-host`.
 */
export async function startPortkey(upstreamBaseUrl: string): Promise<{ target: Target; pid: number; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "bench-portkey-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, overrides: { "@hono/node-server": "1.13.5", hono: "4.9.7" } }));
  await promisify(execFile)("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", `@portkey-ai/gateway@${PORTKEY_VERSION}`], {
    cwd: dir,
    timeout: 240_000,
  });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(dir, "node_modules/@portkey-ai/gateway/build/start-server.js"), `--port=${port}`, "--headless"],
    {
      cwd: dir,
      stdio: "ignore",
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  const stop = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return {
        pid: child.pid ?? 0,
        stop,
        target: {
          name: "portkey",
          baseUrl,
          headers: { authorization: "Bearer sk-bench", "x-portkey-provider": "openai", "x-portkey-custom-host": upstreamBaseUrl },
          model: (scenario) => scenario,
        },
      };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  stop();
  throw new Error("portkey did not start within 30 s");
}
