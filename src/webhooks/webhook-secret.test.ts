import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook } from "./webhook-secret.ts";

describe("webhook signatures (Standard Webhooks)", () => {
  it("match the Standard Webhooks reference vector, which openai's client.webhooks.verifySignature also accepts", async () => {
    // From the Standard Webhooks specification's examples. Checked against openai@6
    // `client.webhooks.verifySignature(body, headers, secret, tolerance)`: it signs
    // `${webhook-id}.${webhook-timestamp}.${body}` with HMAC-SHA256 keyed by base64-decoding the
    // secret after `whsec_`, and compares `v1,<base64>` entries. The end-to-end test runs `unwrap`.
    const signature = await signWebhook(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("change with the id, the timestamp and every byte of the body", async () => {
    const secret = newWebhookSecret();
    const base = await signWebhook(secret, "evt_1", 1_700_000_000, '{"a":1}');
    expect(await signWebhook(secret, "evt_2", 1_700_000_000, '{"a":1}')).not.toBe(base);
    expect(await signWebhook(secret, "evt_1", 1_700_000_001, '{"a":1}')).not.toBe(base);
    expect(await signWebhook(secret, "evt_1", 1_700_000_000, '{"a":2}')).not.toBe(base);
  });

  it("secrets are whsec_ and the base64 of 32 random bytes, fresh each time", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(secret.slice(6))).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
