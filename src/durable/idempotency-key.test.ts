import { describe, expect, it } from "vitest";
import { GatewayError } from "../http/gateway-error.ts";
import { parseIdempotencyKey, requestFingerprint } from "./idempotency-key.ts";

describe("Idempotency-Key", () => {
  it("takes quoted (structured-field string) and plain values", () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe("8e03978e-40d5-43e8-bc93-6894a57f9324");
    expect(parseIdempotencyKey("order-42")).toBe("order-42");
    expect(parseIdempotencyKey('"a \\"quoted\\" key"')).toBe('a "quoted" key');
    expect(parseIdempotencyKey("k".repeat(255))).toBe("k".repeat(255));
  });

  it("refuses empty, over-long and non-printable values with a 400 naming the header", () => {
    for (const bad of ["", '""', "k".repeat(256), "caf\u00e9", "a\u0007b"]) {
      let thrown: unknown;
      try {
        parseIdempotencyKey(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GatewayError);
      expect((thrown as GatewayError).status).toBe(400);
      expect((thrown as GatewayError).param).toBe("Idempotency-Key");
    }
  });

  it("the same request is the same whatever its key order or spacing; another body, path or gateway key is not", async () => {
    const body = '{"model":"m","messages":[{"role":"user","content":"x"}]}';
    const a = await requestFingerprint("/v1/chat/completions", body, "key_a");
    const b = await requestFingerprint("/v1/chat/completions", '{ "messages": [{"content":"x","role":"user"}], "model": "m" }', "key_a");
    expect(b).toBe(a);
    expect(await requestFingerprint("/v1/chat/completions", '{"model":"m","messages":[{"role":"user","content":"y"}]}', "key_a")).not.toBe(
      a,
    );
    expect(await requestFingerprint("/v1/responses", body, "key_a")).not.toBe(a);
    expect(await requestFingerprint("/v1/chat/completions", body, "key_b")).not.toBe(a);
  });
});
