import { describe, expect, it } from "vitest";
import { serverAllowed, toolAllowed } from "./tool-allowlist.ts";

describe("the tool allowlist", () => {
  it("allows every exposed tool to a key without a list", () => {
    expect(toolAllowed("docs", "lookup", {})).toBe(true);
    expect(serverAllowed("docs", undefined)).toBe(true);
  });

  it("denies by default once a key has a list: a whole server, or one namespaced tool", () => {
    const keyAllows = ["docs", "notes__lookup"];
    expect(toolAllowed("docs", "append_note", { keyAllows })).toBe(true);
    expect(toolAllowed("notes", "lookup", { keyAllows })).toBe(true);
    expect(toolAllowed("notes", "append_note", { keyAllows })).toBe(false);
    expect(toolAllowed("other", "lookup", { keyAllows })).toBe(false);
    expect(toolAllowed("docs", "lookup", { keyAllows: [] })).toBe(false);
  });

  it("never allows a tool the server does not expose, whatever the key says", () => {
    expect(toolAllowed("docs", "delete_all", { exposed: ["lookup"], keyAllows: ["docs"] })).toBe(false);
    expect(toolAllowed("docs", "lookup", { exposed: ["lookup"], keyAllows: ["docs__lookup"] })).toBe(true);
  });

  it("reaches a server only when the key names it or one of its tools, and not a server whose name only starts alike", () => {
    expect(serverAllowed("notes", ["notes__lookup"])).toBe(true);
    expect(serverAllowed("docs", ["notes__lookup"])).toBe(false);
    expect(serverAllowed("doc", ["docs", "docs__x"])).toBe(false);
    expect(serverAllowed("docs", [])).toBe(false);
  });
});
