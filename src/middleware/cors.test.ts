import { describe, expect, it } from "vitest";
import { allowedRequestHeaders, preflightHeaders } from "./cors.ts";

describe("allowedRequestHeaders", () => {
  it("always allows our headers and the SDK's, and adds the x-stainless-* ones a browser asks for", () => {
    const allowed = allowedRequestHeaders("Authorization, X-Stainless-OS,x-stainless-retry-count, x-other").split(", ");
    for (const name of ["authorization", "content-type", "x-request-id", "idempotency-key", "cache-control"])
      expect(allowed).toContain(name);
    expect(allowed).toContain("x-stainless-os");
    expect(allowed).toContain("x-stainless-retry-count");
    expect(allowed).not.toContain("x-other");
  });
  it("ignores names that are not header tokens", () => {
    expect(allowedRequestHeaders("x-stainless-a b, x-stainless-\r\nset-cookie")).not.toMatch(/x-stainless/);
  });
});

describe("preflightHeaders", () => {
  it("allows any origin without credentials, and the methods of the data plane", () => {
    const headers = preflightHeaders(undefined);
    expect(headers["access-control-allow-origin"]).toBe("*");
    expect(headers["access-control-allow-credentials"]).toBeUndefined();
    expect(headers["access-control-allow-methods"]).toBe("GET, POST, DELETE, OPTIONS");
    expect(headers["access-control-expose-headers"]).toMatch(/x-gateway-attempts/);
  });
});
