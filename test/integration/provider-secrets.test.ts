import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigStore } from "../../src/config/config-store.ts";
import { admin, setupTenant } from "./gateway-client.ts";

describe("provider secrets stored before headers were sealed", () => {
  it("are not shown back: only a fingerprint, like a sealed header", async () => {
    const { tenant } = await setupTenant({});
    const store = new ConfigStore(env.CONFIG);
    await store.putProvider(tenant, {
      name: "legacy",
      type: "openai-compatible",
      baseUrl: "https://llm.example.com/v1",
      headers: { authorization: "Bearer legacy-secret", "x-trace": "on" },
      updatedAt: new Date().toISOString(),
    });
    for (const path of [`/tenants/${tenant}/providers/legacy`, `/tenants/${tenant}/providers`])
      expect(await (await admin("GET", path)).text()).not.toContain("legacy-secret");
    const shown = (await (await admin("GET", `/tenants/${tenant}/providers/legacy`)).json()) as any;
    expect(shown.headers).toEqual({ "x-trace": "on" });
    expect(shown.secretHeaderFingerprints.authorization).toMatch(/^[0-9a-f]{12}$/);
  });
});
