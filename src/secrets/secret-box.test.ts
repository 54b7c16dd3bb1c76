import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box.ts";

describe("secret box", () => {
  it("round-trips, with a fresh IV every time", async () => {
    const a = await sealSecret("sk-live-123", "k1");
    const b = await sealSecret("sk-live-123", "k1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-live-123");
    expect(await openSecret(a, "k1")).toBe("sk-live-123");
  });
  it("refuses another key or a tampered box", async () => {
    const sealed = await sealSecret("sk-live-123", "k1");
    await expect(openSecret(sealed, "k2")).rejects.toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    await expect(openSecret(tampered, "k1")).rejects.toThrow();
  });
  it("says what to do when SECRETS_KEY is missing", async () => {
    await expect(sealSecret("x", undefined)).rejects.toMatchObject({ code: "secrets_key_missing" });
  });
});
