import { describe, expect, it } from "vitest";
import { newRequestId, sanitizeClientRequestId } from "./request-id.ts";

describe("newRequestId", () => {
  it("sorts by creation time", () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => newRequestId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^req_[0-9a-z]{26}$/);
  });
  it("is unique within one millisecond", () => {
    expect(newRequestId(5)).not.toBe(newRequestId(5));
  });
});

describe("sanitizeClientRequestId", () => {
  it("keeps printable ids and drops the rest", () => {
    expect(sanitizeClientRequestId(" abc-123 ")).toBe("abc-123");
    expect(sanitizeClientRequestId("bad id")).toBeNull();
    expect(sanitizeClientRequestId(null)).toBeNull();
  });
});
