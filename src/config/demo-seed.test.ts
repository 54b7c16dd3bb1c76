import { describe, expect, it } from "vitest";
import seedText from "../../gateway.config.jsonc";
import { parseSeedFile } from "./demo-seed.ts";

describe("the local seed file", () => {
  it("the shipped gateway.config.jsonc is valid", () => {
    expect(Object.keys(parseSeedFile(seedText).tenants)).toContain("demo");
  });

  it("a broken edit says what is wrong, for text and for shape", () => {
    expect(() => parseSeedFile("{ tenants: ")).toThrow(/gateway.config.jsonc cannot seed/);
    expect(() => parseSeedFile('{"tenants": {"demo": {"workflows": {"w": {"targets": []}}}}}')).toThrow(/targets/);
  });
});
