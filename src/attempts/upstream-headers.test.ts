import { describe, expect, it } from "vitest";
import { headersOfInterest } from "./upstream-headers.ts";

describe("headersOfInterest", () => {
  it("keeps request ids, rate limits and retry hints; never cookies or credentials", () => {
    const kept = headersOfInterest(
      new Headers({
        "x-request-id": "req_123",
        "request-id": "req_ant_1",
        "x-ratelimit-remaining-requests": "99",
        "anthropic-ratelimit-tokens-remaining": "5000",
        "retry-after": "2",
        "set-cookie": "session=secret",
        authorization: "Bearer sk-leak",
        "x-api-key": "sk-ant-leak",
        server: "nginx",
      }),
    );
    expect(kept).toEqual({
      "x-request-id": "req_123",
      "request-id": "req_ant_1",
      "x-ratelimit-remaining-requests": "99",
      "anthropic-ratelimit-tokens-remaining": "5000",
      "retry-after": "2",
    });
  });
});
