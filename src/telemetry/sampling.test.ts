import { describe, expect, it } from "vitest";
import type { RequestLogRecord } from "../logs/log-record.ts";
import { keepsTrace } from "./sampling.ts";

const completed = { outcome: "completed", attempts: [{}] } as unknown as RequestLogRecord;
const low = "4bf92f3577b34da6a3000000000000ff";
const high = "4bf92f3577b34da6a3fffffffffffff0";

describe("trace sampling", () => {
  it("keeps a completed single-attempt request by the trace id's randomness", () => {
    expect(keepsTrace(completed, low, 0.5)).toBe(true);
    expect(keepsTrace(completed, high, 0.5)).toBe(false);
    expect(keepsTrace(completed, high, 1)).toBe(true);
    expect(keepsTrace(completed, low, 0)).toBe(false);
  });

  it("always keeps failures and failovers, whatever the ratio", () => {
    expect(keepsTrace({ ...completed, outcome: "failed_before_output" }, high, 0)).toBe(true);
    expect(keepsTrace({ ...completed, attempts: [{}, {}] } as unknown as RequestLogRecord, high, 0)).toBe(true);
  });
});
