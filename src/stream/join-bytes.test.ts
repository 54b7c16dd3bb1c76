import { describe, expect, it } from "vitest";
import { joinBytes } from "./join-bytes.ts";

const text = new TextEncoder();
const decoder = new TextDecoder();

describe("joinBytes", () => {
  it("joins separate chunks in order", () => {
    expect(decoder.decode(joinBytes([text.encode("ab"), text.encode("c"), text.encode("def")]))).toBe("abcdef");
  });

  it("gives consecutive views of one buffer back as one view of it, without copying", () => {
    const read = text.encode("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    const joined = joinBytes([read.subarray(0, 9), read.subarray(9, 18)]);
    expect(decoder.decode(joined)).toBe("data: 1\n\ndata: 2\n\n");
    expect(joined.buffer).toBe(read.buffer);
  });

  it("copies views of one buffer that are not consecutive", () => {
    const read = text.encode("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    const joined = joinBytes([read.subarray(0, 9), read.subarray(18, 27)]);
    expect(decoder.decode(joined)).toBe("data: 1\n\ndata: 3\n\n");
    expect(joined.buffer).not.toBe(read.buffer);
  });
});
