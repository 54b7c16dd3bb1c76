import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validateWith } from "./validate.ts";

const schema = z.object({ stop: z.union([z.string(), z.array(z.string())]).optional() });

function paramOf(value: unknown): string | null {
  try {
    validateWith(schema, value);
    return "valid";
  } catch (error) {
    return (error as { param: string | null }).param;
  }
}

describe("validateWith", () => {
  it("names the deepest field inside a union when a branch gets that far", () => {
    expect(paramOf({ stop: ["a", 1] })).toBe("stop[1]");
  });
  it("names the union itself when no branch matches its type", () => {
    expect(paramOf({ stop: 5 })).toBe("stop");
  });
  it("accepts valid values", () => {
    expect(paramOf({ stop: ["a"] })).toBe("valid");
  });
});
