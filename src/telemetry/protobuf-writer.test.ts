import { describe, expect, it } from "vitest";
import { doubleField, fixed64Field, hexBytes, messageField, stringField, varint, varintField } from "./protobuf-writer.ts";

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** The byte strings protobuf's encoding guide gives, and the edges OTLP reaches (int64 below zero, nanoseconds past 2^53). */
describe("protobuf wire encoding", () => {
  it("writes varints as LEB128, a negative int64 as ten bytes of two's complement", () => {
    expect(hex(varint(1))).toBe("01");
    expect(hex(varint(150))).toBe("9601");
    expect(hex(varint(0))).toBe("00");
    expect(hex(varint(-1))).toBe("ffffffffffffffffff01");
    expect(hex(varintField(3, "9007199254740993"))).toBe(`18${hex(varint(9007199254740993n))}`);
    expect(hex(varintField(2, false))).toBe("1000");
  });

  it('writes the guide\'s example message: field 1 = 150, field 2 = "testing", and nests it', () => {
    expect(hex(varintField(1, 150))).toBe("089601");
    expect(hex(stringField(2, "testing"))).toBe("120774657374696e67");
    expect(hex(messageField(3, [varintField(1, 150)]))).toBe("1a03089601");
  });

  it("writes fixed64 and double little-endian, exact beyond 2^53", () => {
    // 1700000000000000001 ns: a float64 would round the last digit away.
    expect(hex(fixed64Field(7, "1700000000000000001"))).toBe("3901002a36fe9c9717");
    expect(hex(doubleField(4, 1.5))).toBe("21000000000000f83f");
  });

  it("reads hex ids as bytes", () => {
    expect(Array.from(hexBytes("00f067aa0ba902b7"))).toEqual([0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]);
  });
});
