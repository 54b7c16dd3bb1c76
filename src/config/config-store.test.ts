import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigStore } from "./config-store.ts";

describe("ConfigStore isolation", () => {
  it("keeps a tenant's listings and deletion to itself even when a name holding ':' got into storage", async () => {
    const store = new ConfigStore(env.CONFIG);
    const tenant = `st${Date.now().toString(36)}`;
    const hostile = `${tenant}:provider:x`;
    const updatedAt = new Date().toISOString();
    await store.putTenant({ name: tenant, hostnames: [], updatedAt }, null);
    await store.putProvider(tenant, { name: "p", type: "faux", updatedAt });
    await store.putProvider(hostile, { name: "y", type: "faux", updatedAt });
    expect((await store.listProviders(tenant)).map((p) => p.name)).toEqual(["p"]);
    expect(await store.getProvider(tenant, "x:provider:y")).toBeNull();

    await store.deleteTenant({ name: tenant, hostnames: [], updatedAt });
    expect(await store.getProvider(tenant, "p")).toBeNull();
    expect((await store.getProvider(hostile, "y"))?.name).toBe("y");
  });
});
