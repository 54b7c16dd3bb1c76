import { describe, expect, it } from "vitest";
import { decideRetry, failureOfStatus, maxAttempts, toolIsRetryable, urlIndexOf } from "./retry-decision.ts";

describe("the retry rule of a tool call", () => {
  it("fails over to the backup URL, then fails, for a retryable call that failed before any result", () => {
    for (const failure of ["timeout", "network", "upstream_5xx", "bad_answer"] as const) {
      expect(decideRetry({ failure, retryable: true, attempts: 1, urls: 2 })).toBe("fallback");
      expect(decideRetry({ failure, retryable: true, attempts: 2, urls: 2 })).toBe("fail");
    }
  });

  it("retries the only URL once", () => {
    expect(maxAttempts(1)).toBe(2);
    expect(decideRetry({ failure: "upstream_5xx", retryable: true, attempts: 1, urls: 1 })).toBe("retry");
    expect(decideRetry({ failure: "upstream_5xx", retryable: true, attempts: 2, urls: 1 })).toBe("fail");
  });

  it("never repeats a call that may have run: a non-idempotent tool gets one attempt", () => {
    for (const failure of ["timeout", "network", "upstream_5xx"] as const)
      expect(decideRetry({ failure, retryable: false, attempts: 1, urls: 3 })).toBe("fail");
  });

  it("never stitches: a stream broken after its first bytes, or a refusal, fails even a read-only call", () => {
    expect(decideRetry({ failure: "interrupted", retryable: true, attempts: 1, urls: 2 })).toBe("fail");
    expect(decideRetry({ failure: "upstream_4xx", retryable: true, attempts: 1, urls: 2 })).toBe("fail");
  });

  it("walks the URLs in order and stays on the last", () => {
    expect([0, 1, 2, 3].map((n) => urlIndexOf(n, 3))).toEqual([0, 1, 2, 2]);
  });

  it("takes a tool as retryable from its read-only or idempotent hint, or the admin's list, and nothing else", () => {
    expect(toolIsRetryable({ readOnlyHint: true }, "t", undefined)).toBe(true);
    expect(toolIsRetryable({ idempotentHint: true }, "t", undefined)).toBe(true);
    expect(toolIsRetryable({ readOnlyHint: false, destructiveHint: false }, "t", undefined)).toBe(false);
    expect(toolIsRetryable({ readOnlyHint: "true" }, "t", undefined)).toBe(false);
    expect(toolIsRetryable(undefined, "t", undefined)).toBe(false);
    expect(toolIsRetryable(undefined, "t", ["t"])).toBe(true);
  });

  it("a server's 5xx, 408 and 429 are worth another try; any other 4xx is not", () => {
    expect([500, 503, 408, 429].map(failureOfStatus)).toEqual(["upstream_5xx", "upstream_5xx", "upstream_5xx", "upstream_5xx"]);
    expect([400, 401, 404, 422].map(failureOfStatus)).toEqual(["upstream_4xx", "upstream_4xx", "upstream_4xx", "upstream_4xx"]);
  });
});
