import { describe, expect, it } from "vitest";
import { parseJsonc } from "./jsonc.ts";

describe("parseJsonc", () => {
  it("drops comments and trailing commas outside strings, keeps them inside", () => {
    const text = `{
      // a line comment
      "url": "https://example.com/a//b", /* a block */
      "list": [1, 2, /* x */ ],
      "odd": "a,}",
      "nested": { "k": "/* not a comment */", },
    }`;
    expect(parseJsonc(text)).toEqual({ url: "https://example.com/a//b", list: [1, 2], odd: "a,}", nested: { k: "/* not a comment */" } });
  });

  it("keeps escaped quotes inside strings", () => {
    expect(parseJsonc(String.raw`{"q": "say \"hi\", // still text"}`)).toEqual({ q: 'say "hi", // still text' });
  });

  it("rejects what is not JSON once comments are gone", () => {
    expect(() => parseJsonc("{ a: 1 }")).toThrow();
  });
});
