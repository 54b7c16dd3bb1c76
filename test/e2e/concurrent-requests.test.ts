/**
 * Many requests at once through one isolate, to a real upstream over loopback, across the moments
 * the isolate reads its config copy again (every `CONFIG_FRESH_MS`): every one is answered. Values
 * an isolate shares across requests are shared once settled, never while a request is reading
 * them (src/isolate-memory.ts). Before, the requests that joined a refresh in flight ran on under
 * the reading request's context, and their upstream answers failed with 500 "Cannot perform I/O
 * on behalf of a different request" (this test: 6 of them, all at the first refresh). The
 * production-like topology is used because its Worker is called by the runtime directly, with no
 * asset router in front (`npm run dev`'s asset router hid it).
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_FRESH_MS } from "../../src/platform-limits.ts";
import { startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { type SplitGateway, startSplitGateway } from "../support/split-topology.ts";

const CONCURRENCY = 16;
const ADMIN_TOKEN = "e2e-admin-token";
let gateway: SplitGateway;
let upstream: Awaited<ReturnType<typeof startLoopbackUpstream>>;
let key = "";

async function admin(method: string, path: string, body: unknown) {
  const res = await fetch(`${gateway.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  [gateway, upstream] = await Promise.all([startSplitGateway({ adminToken: ADMIN_TOKEN }), startLoopbackUpstream()]);
  // A real upstream over loopback: each answer's body is a stream the request reads itself.
  await admin("PUT", "/tenants/busy", {});
  await admin("PUT", "/tenants/busy/providers/up", { type: "openai-compatible", baseUrl: upstream.baseUrl, apiKey: "sk-upstream-busy" });
  await admin("PUT", "/tenants/busy/providers/backup", { type: "openai-compatible", baseUrl: upstream.baseUrl, apiKey: "sk-backup-busy" });
  // Two targets: the breaker is on, so its health copy and reports are shared by the isolate's requests too.
  await admin("PUT", "/tenants/busy/workflows/busy", {
    targets: [
      { provider: "up", model: "echo" },
      { provider: "backup", model: "echo" },
    ],
  });
  key = String((await admin("POST", "/tenants/busy/keys", { name: "busy" })).key);
}, 180_000);
afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

describe("concurrent requests", () => {
  it(`${CONCURRENCY} at a time for two config refreshes: every request is answered`, async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0, timeout: 30_000 });
    const until = Date.now() + 2 * CONFIG_FRESH_MS + 2_000;
    const failures: string[] = [];
    let answered = 0;
    const loop = async (worker: number) => {
      for (let i = 0; Date.now() < until && i < 5_000; i++) {
        try {
          const completion = await client.chat.completions.create({
            model: "busy",
            messages: [{ role: "user", content: `worker ${worker} request ${i}` }],
          });
          if (completion.choices[0]?.message.content) answered++;
          else failures.push(`worker ${worker} request ${i}: no content`);
        } catch (error) {
          failures.push(`worker ${worker} request ${i}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, worker) => loop(worker)));
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(CONCURRENCY * 10);
  }, 120_000);
});
