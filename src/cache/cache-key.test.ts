import { describe, expect, it } from "vitest";
import { canonicalJson } from "../json/canonical-json.ts";
import { DIRECT_ROUTE_DEFAULTS, type ResolvedRoute } from "../workflow/resolve-route.ts";
import { cacheKey, cacheKeyMaterial } from "./cache-key.ts";
import { cachePolicy } from "./cache-policy.ts";

const route: ResolvedRoute = {
  ...DIRECT_ROUTE_DEFAULTS,
  name: "w",
  targets: [{ provider: "openai", model: "gpt-4o-mini" }],
  cache: { ttlSeconds: 60 },
};
const request = {
  model: "w",
  messages: [{ role: "user" as const, content: "hi" }],
  temperature: 0.2,
  response_format: { type: "json_object" },
};

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it("drops undefined fields like JSON does", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe("cacheKey", () => {
  it("is the same for reordered keys and for transport-only fields", async () => {
    const reordered = {
      response_format: { type: "json_object" },
      temperature: 0.2,
      messages: [{ content: "hi", role: "user" as const }],
      model: "w",
    };
    const transport = { ...request, stream: true, stream_options: { include_usage: true }, user: "end-user-7" };
    const base = await cacheKey("t", route, request);
    expect(await cacheKey("t", route, reordered)).toBe(base);
    expect(await cacheKey("t", route, transport)).toBe(base);
    expect(base).toMatch(/^cache:v1:t:[0-9a-f]{64}$/);
  });
  it("changes with any generation parameter, the tenant, the workflow or its targets", async () => {
    const base = await cacheKey("t", route, request);
    const variants = await Promise.all([
      cacheKey("t", route, { ...request, temperature: 0.3 }),
      cacheKey("t", route, { ...request, seed: 1 }),
      cacheKey("t", route, { ...request, tools: [{ type: "function", function: { name: "f" } }] }),
      cacheKey("t", route, { ...request, messages: [{ role: "user", content: "hi!" }] }),
      cacheKey("other", route, request),
      cacheKey("t", { ...route, name: "w2" }, request),
      cacheKey("t", { ...route, targets: [{ provider: "openai", model: "gpt-4o" }] }, request),
    ]);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
  it("hashes the tenant, workflow and targets in the material", () => {
    const material = JSON.parse(cacheKeyMaterial("t", route, request));
    expect(material).toMatchObject({ tenant: "t", workflow: "w", targets: ["openai/gpt-4o-mini"] });
    expect(material.request.model).toBeUndefined();
  });
});

describe("cachePolicy", () => {
  it("reads cache-control", () => {
    expect(cachePolicy(undefined)).toEqual({ read: true, write: true, missStatus: "MISS" });
    expect(cachePolicy("no-cache")).toEqual({ read: false, write: true, missStatus: "BYPASS" });
    expect(cachePolicy("max-age=0, No-Store")).toEqual({ read: false, write: false, missStatus: "BYPASS" });
  });
});
