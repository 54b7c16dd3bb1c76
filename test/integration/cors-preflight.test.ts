import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { gatewayFetch } from "./gateway-client.ts";

/** The request's own log record, read straight from its Durable Object (tenantless records are in no index). */
async function recordOf(res: Response): Promise<string | null> {
  const id = res.headers.get("x-request-id") ?? "";
  return env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(id)).read();
}

describe("CORS preflight", () => {
  it("is answered before the log and auth: 204, and no request record", async () => {
    const preflight = await gatewayFetch("/v1/chat/completions", {
      method: "OPTIONS",
      headers: { origin: "https://app.test", "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    // A control: a keyless POST is rejected, and its record does get written.
    const rejected = await gatewayFetch("/v1/chat/completions", { method: "POST", body: "{}" });
    expect(rejected.status).toBe(401);
    await expect.poll(() => recordOf(rejected), { timeout: 5_000, interval: 50 }).not.toBeNull();
    expect(await recordOf(preflight)).toBeNull();
  });
});
