import { describe, expect, it } from "vitest";
import { isSecretHeader, splitHeaders } from "./credential-headers.ts";

describe("credential headers", () => {
  it("treats credential headers by name, and headers the operator marks, as secret", () => {
    for (const name of ["authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key", "cookie", "x-auth-token"])
      expect(isSecretHeader(name), name).toBe(true);
    for (const name of ["x-trace", "anthropic-version", "openai-organization", "accept"]) expect(isSecretHeader(name), name).toBe(false);
    expect(isSecretHeader("x-org", ["x-org"])).toBe(true);
  });

  it("splits a provider's headers, dropping removals", () => {
    expect(splitHeaders({ authorization: "Bearer s", "x-trace": "1", "x-api-key": null, "x-org": "o" }, ["x-org"])).toEqual({
      plain: { "x-trace": "1" },
      secret: { authorization: "Bearer s", "x-org": "o" },
    });
  });
});
