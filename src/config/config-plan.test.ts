import { describe, expect, it } from "vitest";
import { describeChange, type LiveTenant, planConfigChanges } from "./config-plan.ts";
import { mcpServerInput } from "./mcp-server-config.ts";
import { workflowInput } from "./schemas.ts";

const workflow = workflowInput.parse({ targets: [{ provider: "p", model: "m" }] });
const live = (over: Partial<LiveTenant> = {}): LiveTenant => ({
  hostnames: ["a.example.com"],
  providers: { p: { name: "p", type: "faux", updatedAt: "x", hasApiKey: true, apiKeyFingerprint: "abc" } },
  workflows: { w: { ...workflow, name: "w", updatedAt: "x" } },
  prices: [],
  webhooks: {},
  ...over,
});
const file = (over: Record<string, unknown> = {}) => ({
  tenants: { t: { hostnames: ["a.example.com"], providers: { p: { type: "faux" as const } }, workflows: { w: workflow }, ...over } },
});

describe("planConfigChanges", () => {
  it("plans nothing when the gateway matches, whatever it adds (names, times, key presence)", () => {
    expect(planConfigChanges(file(), { t: live() })).toEqual([]);
  });

  it("creates a missing tenant, then its providers before its workflows", () => {
    const kinds = planConfigChanges(file(), {}).map((c) => `${c.action} ${c.kind}`);
    expect(kinds).toEqual(["create tenant", "create provider", "create workflow"]);
  });

  it("names the fields that differ, including a changed key by fingerprint", () => {
    const changed = file({
      providers: { p: { type: "faux", apiKey: "new", apiKeyFingerprint: "def" } },
      workflows: { w: { ...workflow, retry: { ...workflow.retry, maxAttempts: 5 } } },
    });
    expect(planConfigChanges(changed, { t: live() }).map(describeChange)).toEqual(["~ provider t/p (apiKey)", "~ workflow t/w (retry)"]);
  });

  it("deletes what the file does not name only with prune", () => {
    const extra = live({ workflows: { ...live().workflows, old: { ...workflow } } });
    expect(planConfigChanges(file(), { t: extra })).toEqual([]);
    expect(planConfigChanges(file(), { t: extra }, { prune: true }).map(describeChange)).toEqual(["- workflow t/old"]);
  });
});

describe("planConfigChanges: prices", () => {
  it("empty prices on both sides plan nothing; a new list updates", () => {
    expect(planConfigChanges(file({ prices: [] }), { t: live() })).toEqual([]);
    const price = { model: "m", inputPerMTok: 1, outputPerMTok: 2 };
    expect(planConfigChanges(file({ prices: [price] }), { t: live() }).map(describeChange)).toEqual(["~ prices t/prices (prices)"]);
  });

  it("compares secret headers by fingerprint: unchanged plans nothing, a new value or a removal updates `headers`", () => {
    const provider = {
      name: "p",
      type: "faux",
      updatedAt: "x",
      headers: { "x-trace": "1" },
      secretHeaderFingerprints: { authorization: "aaa" },
    };
    const withSecret = live({ providers: { p: provider } });
    const desired = (fingerprints: Record<string, string>, headers: Record<string, string>) =>
      file({ providers: { p: { type: "faux", headers, secretHeaderFingerprints: fingerprints } } });
    expect(planConfigChanges(desired({ authorization: "aaa" }, { "x-trace": "1", authorization: "Bearer a" }), { t: withSecret })).toEqual(
      [],
    );
    const rotated = planConfigChanges(desired({ authorization: "bbb" }, { "x-trace": "1", authorization: "Bearer b" }), { t: withSecret });
    expect(rotated.map(describeChange)).toEqual(["~ provider t/p (headers)"]);
    expect(rotated[0]?.body).toMatchObject({ headers: { authorization: "Bearer b" } });
    const removed = planConfigChanges(desired({}, { "x-trace": "1" }), { t: withSecret });
    expect(removed[0]?.body).toEqual({ type: "faux", headers: { "x-trace": "1", authorization: null } });
  });
});

describe("planConfigChanges: webhooks", () => {
  const hook = { url: "https://hooks.example.com/x", events: ["response.completed"], enabled: true };
  const liveHook = { ...hook, name: "h", createdAt: "x", updatedAt: "x" };

  it("creates a missing webhook, plans nothing when it matches (server fields aside), names changed fields", () => {
    expect(planConfigChanges(file({ webhooks: { h: hook } }), { t: live() }).map(describeChange)).toEqual(["+ webhook t/h"]);
    expect(planConfigChanges(file({ webhooks: { h: hook } }), { t: live({ webhooks: { h: liveHook } }) })).toEqual([]);
    const disabled = { ...liveHook, enabled: false, disabledReason: "the receiver answered 410 Gone" };
    expect(planConfigChanges(file({ webhooks: { h: hook } }), { t: live({ webhooks: { h: disabled } }) }).map(describeChange)).toEqual([
      "~ webhook t/h (enabled)",
    ]);
  });

  it("deletes webhooks the file does not name only with prune", () => {
    const current = live({ webhooks: { h: liveHook } });
    expect(planConfigChanges(file(), { t: current })).toEqual([]);
    expect(planConfigChanges(file(), { t: current }, { prune: true }).map(describeChange)).toEqual(["- webhook t/h"]);
  });
});

describe("planConfigChanges: the telemetry exporter", () => {
  const exporter = { endpoint: "https://otel.example.com", protocol: "http/json" as const, sampleRatio: 1, enabled: true };
  const liveExporter = { ...exporter, headerNames: ["x-api-key"], headersFingerprint: "f1", updatedAt: "x" };

  it("creates it, sending its headers; plans nothing when names and fingerprint match", () => {
    const desired = { ...exporter, headers: { "x-api-key": "k" }, headersFingerprint: "f1" };
    expect(planConfigChanges(file({ telemetry: desired }), { t: live() })).toEqual([
      expect.objectContaining({
        action: "create",
        kind: "telemetry",
        path: "/tenants/t/telemetry",
        body: { ...exporter, headers: { "x-api-key": "k" } },
      }),
    ]);
    expect(planConfigChanges(file({ telemetry: desired }), { t: live({ telemetry: liveExporter }) })).toEqual([]);
  });

  it("updates it when a header value changed (by fingerprint) or the headers were removed", () => {
    const changed = { ...exporter, headers: { "x-api-key": "k2" }, headersFingerprint: "f2" };
    expect(planConfigChanges(file({ telemetry: changed }), { t: live({ telemetry: liveExporter }) })[0]?.fields).toEqual([
      "headersFingerprint",
    ]);
    const [removed] = planConfigChanges(file({ telemetry: exporter }), { t: live({ telemetry: liveExporter }) });
    expect(removed).toMatchObject({ action: "update", fields: ["headerNames", "headersFingerprint"], body: { headers: null } });
  });

  it("deletes it only with prune", () => {
    expect(planConfigChanges(file(), { t: live({ telemetry: liveExporter }) })).toEqual([]);
    expect(planConfigChanges(file(), { t: live({ telemetry: liveExporter }) }, { prune: true })).toEqual([
      expect.objectContaining({ action: "delete", kind: "telemetry", method: "DELETE", path: "/tenants/t/telemetry" }),
    ]);
  });
});

describe("planConfigChanges: MCP servers", () => {
  const server = mcpServerInput.parse({ url: "https://mcp.example.com/mcp", headers: { "x-team": "blue" } });
  const stored = { ...server, name: "docs", updatedAt: "x", secretHeaderFingerprints: { authorization: "fp1" } };
  const withSecret = {
    ...server,
    headers: { "x-team": "blue", authorization: "Bearer s" },
    secretHeaderFingerprints: { authorization: "fp1" },
  };

  it("creates a server the gateway lacks and plans nothing once it matches (a secret header by fingerprint)", () => {
    const changes = planConfigChanges(file({ mcpServers: { docs: withSecret } }), { t: live() });
    expect(changes.map(describeChange)).toEqual(["+ mcp-server t/docs"]);
    expect(changes[0]).toMatchObject({ method: "PUT", path: "/tenants/t/mcp-servers/docs" });
    expect(planConfigChanges(file({ mcpServers: { docs: withSecret } }), { t: live({ mcpServers: { docs: stored } }) })).toEqual([]);
  });

  it("updates a changed setting or secret, and deletes a server the file dropped only with prune", () => {
    const rotated = { ...withSecret, secretHeaderFingerprints: { authorization: "fp2" } };
    expect(
      planConfigChanges(file({ mcpServers: { docs: rotated } }), { t: live({ mcpServers: { docs: stored } }) }).map(describeChange),
    ).toEqual(["~ mcp-server t/docs (headers)"]);
    const slower = { ...withSecret, timeoutMs: 5_000 };
    expect(
      planConfigChanges(file({ mcpServers: { docs: slower } }), { t: live({ mcpServers: { docs: stored } }) }).map(describeChange),
    ).toEqual(["~ mcp-server t/docs (timeoutMs)"]);
    expect(planConfigChanges(file(), { t: live({ mcpServers: { docs: stored } }) }, { prune: true }).map(describeChange)).toEqual([
      "- mcp-server t/docs",
    ]);
  });
});
