import { describe, expect, it } from "vitest";
import { admin, chat, logOf, setupTenant } from "./gateway-client.ts";

/**
 * A client that leaves before the first content byte, inside workerd itself (no `wrangler dev`
 * proxy in between): `request.signal` (the `enable_request_signal` flag) fires and the attempt
 * loop stops at once. Under local `wrangler dev` the disconnect reaches the Worker only once its
 * response starts (wrangler's ProxyWorker forwards each request with a detached fetch; README).
 */
describe("client disconnect before the first byte (workerd)", () => {
  for (const stream of [true, false]) {
    it(`${stream ? "streamed" : "non-streamed"}: client_aborted at the moment it left, no failover, prompt usage and cost`, async () => {
      const { tenant, key } = await setupTenant({
        w: {
          targets: [
            { provider: "faux", model: "stall-body" },
            { provider: "backup", model: "echo" },
          ],
          timeouts: { firstEventMs: 8_000, idleMs: 8_000, totalMs: 15_000 },
        },
      });
      await admin("PUT", `/tenants/${tenant}/prices`, { prices: [{ model: "stall-body", inputPerMTok: 3, outputPerMTok: 15 }] });
      const controller = new AbortController();
      const pending = chat(key, { model: "w", stream }, { "x-client-request-id": `leave-${stream}` }, controller.signal);
      await new Promise((r) => setTimeout(r, 300));
      controller.abort();
      await expect(pending).rejects.toThrow();
      const listed = async () =>
        ((await (await admin("GET", `/tenants/${tenant}/logs?workflow=w`)).json()) as { data: Array<{ id: string }> }).data;
      await expect.poll(async () => (await listed()).length, { timeout: 5_000 }).toBe(1);
      const [entry] = await listed();
      const record = await logOf(tenant, new Response(null, { headers: { "x-request-id": entry?.id ?? "" } }));
      expect(record).toMatchObject({ outcome: "client_aborted", disconnect: "client", servedBy: null, partialOutput: false });
      expect(record.attempts).toHaveLength(1);
      expect(record.timings.completedMs).toBeLessThan(2_000);
      expect(record.usage).toMatchObject({ estimated: true, completionTokens: 0 });
      expect(record.costUsd).toBeGreaterThan(0);
    });
  }
});
