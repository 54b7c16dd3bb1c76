import { describe, expect, it } from "vitest";
import { traceContextOf, traceparentOf } from "./trace-context.ts";

const caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("trace context", () => {
  it("continues a caller's trace: same trace id, the caller's span as parent, a new span for the gateway", () => {
    const trace = traceContextOf(caller, "vendor=abc");
    expect(trace).toMatchObject({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentSpanId: "00f067aa0ba902b7",
      tracestate: "vendor=abc",
      sampled: true,
    });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe("00f067aa0ba902b7");
    expect(traceparentOf(trace)).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${trace.spanId}-01`);
  });

  it("keeps the caller's unsampled flag", () => {
    expect(traceContextOf(caller.replace(/01$/, "00"), null).sampled).toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["garbage", "hello"],
    ["all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["all-zero span id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"],
    ["version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["version 00 with extra fields", `${caller}-extra`],
  ])("starts a new trace when traceparent is %s (and drops tracestate)", (_what, header) => {
    const trace = traceContextOf(header, "vendor=abc");
    expect(trace.parentSpanId).toBeNull();
    expect(trace.tracestate).toBeNull();
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.traceId).not.toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(traceparentOf(trace)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("accepts a future version's extra fields", () => {
    expect(traceContextOf(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more`, null).parentSpanId).toBe("00f067aa0ba902b7");
  });
});
