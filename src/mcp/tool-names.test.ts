import { describe, expect, it } from "vitest";
import { namespacedTool, splitToolName } from "./tool-names.ts";

describe("tool namespacing", () => {
  it("prefixes a tool with its server and splits it back at the first separator", () => {
    expect(namespacedTool("github", "search")).toBe("github__search");
    expect(splitToolName("github__search")).toEqual({ server: "github", tool: "search" });
    // A tool's own name may contain the separator: only the first one ends the server's part.
    expect(splitToolName(namespacedTool("docs", "read__page"))).toEqual({ server: "docs", tool: "read__page" });
  });

  it("reads no server from a name without one, or without a tool", () => {
    for (const name of ["search", "__search", "github__", ""]) expect(splitToolName(name)).toBeNull();
  });
});
