import { describe, expect, it } from "vitest";
import { ProtoWriter } from "./protobuf-writer.ts";

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
const written = (write: (w: ProtoWriter) => void) => {
  const w = new ProtoWriter();
  write(w);
  return hex(w.finish());
};

/** The byte strings protobuf's encoding guide gives, and the edges OTLP reaches (int64 below zero, nanoseconds past 2^53). */
describe("protobuf wire encoding", () => {
  it('writes the guide\'s example message: field 1 = 150, field 2 = "testing", and nests it', () => {
    expect(written((w) => w.uint(1, 150))).toBe("089601");
    expect(written((w) => w.string(2, "testing"))).toBe("120774657374696e67");
    expect(written((w) => w.message(3, () => w.uint(1, 150)))).toBe("1a03089601");
  });

  it("writes int64 varints exactly: zero, false, a negative as ten bytes of two's complement, past 2^53 from a decimal string", () => {
    expect(written((w) => w.uint(1, 0))).toBe("0800");
    expect(written((w) => w.uint(2, false))).toBe("1000");
    expect(written((w) => w.uint(3, "-1"))).toBe("18ffffffffffffffffff01");
    // 2^53 + 1 = 0x20000000000001: 7-bit groups 0000001, 0, 0, 0, 0, 0, 0, 0b10000 (low first).
    expect(written((w) => w.uint(3, "9007199254740993"))).toBe("188180808080808010");
  });

  it("writes fixed64 and double little-endian, the nanoseconds exact beyond 2^53", () => {
    // 1700000000000000001 ns: a float64 would round the last digit away.
    expect(written((w) => w.fixed64(7, "1700000000000000001"))).toBe("3901002a36fe9c9717");
    expect(written((w) => w.double(4, 1.5))).toBe("21000000000000f83f");
  });

  it("writes hex ids as their bytes and non-ASCII text as UTF-8", () => {
    expect(written((w) => w.hex(2, "00f067aa0ba902b7"))).toBe("120800f067aa0ba902b7");
    expect(written((w) => w.string(1, "é✓"))).toBe("0a05c3a9e29c93");
  });

  it("prefixes a nested message past 127 bytes with a two-byte length, and grows past its first buffer", () => {
    const long = "x".repeat(200);
    expect(written((w) => w.message(1, () => w.string(1, long)))).toBe(`0acb010ac801${"78".repeat(200)}`);
    const big = new ProtoWriter();
    for (let i = 0; i < 100; i++) big.message(1, () => big.string(1, long));
    expect(big.finish().length).toBe(100 * (3 + 3 + 200));
  });
});
