import { describe, expect, it } from "vitest";
import { cacheKeyPrefix } from "../cache/cache-key.ts";
import { configKey, isDirectChild } from "./storage-keys.ts";

describe("storage keys", () => {
  it("cannot collide across tenants or kinds, whatever the names hold", () => {
    expect(configKey.provider("a:provider:x", "y")).not.toBe(configKey.provider("a", "x:provider:y"));
    expect(configKey.provider("a:provider:x", "y").startsWith(configKey.providerPrefix("a"))).toBe(false);
    expect(configKey.key("a:workflow:w", "k")).not.toBe(configKey.workflow("a", "w:key:k"));
    expect(cacheKeyPrefix("a:b").startsWith(cacheKeyPrefix("a"))).toBe(false);
  });

  it("leaves every valid name as it was, so existing entries keep their keys", () => {
    expect(configKey.provider("acme", "gpt-4o.mini_2")).toBe("v1:t:acme:provider:gpt-4o.mini_2");
    expect(configKey.key("acme", "key_AbC-_9")).toBe("v1:t:acme:key:key_AbC-_9");
    expect(cacheKeyPrefix("acme")).toBe("cache:v1:acme:");
  });

  it("lists only direct children of a prefix", () => {
    const prefix = configKey.providerPrefix("a");
    expect(isDirectChild("v1:t:a:provider:p", prefix)).toBe(true);
    // An entry written before segments were encoded, by a tenant named `a:provider:x`.
    expect(isDirectChild("v1:t:a:provider:x:provider:y", prefix)).toBe(false);
  });
});
