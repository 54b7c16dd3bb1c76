import { describe, expect, it } from "vitest";
import { attemptFailure } from "./attempt-failure.ts";
import { failedClosedResponse } from "./loop-failure.ts";

describe("upstream refusals of the request, whatever the provider's format", () => {
  it("keep the status and the provider's message, in OpenAI's error shape", async () => {
    const anthropic = failedClosedResponse(
      attemptFailure("http_status", "HTTP 400", {
        status: 400,
        body: '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: 100000 > 64000"}}',
      }),
    );
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toEqual({
      error: { message: "max_tokens: 100000 > 64000", type: "invalid_request_error", param: null, code: null },
    });
    const gemini = failedClosedResponse(
      attemptFailure("http_status", "HTTP 400", {
        status: 400,
        body: '{"error":{"code":400,"message":"Invalid value","status":"INVALID_ARGUMENT"}}',
      }),
    );
    expect(await gemini.json()).toEqual({
      error: { message: "Invalid value", type: "invalid_request_error", param: null, code: "INVALID_ARGUMENT" },
    });
    const openai = { error: { message: "bad", type: "invalid_request_error", param: "messages", code: "invalid_value" } };
    expect(
      await failedClosedResponse(attemptFailure("http_status", "HTTP 422", { status: 422, body: JSON.stringify(openai) })).json(),
    ).toEqual(openai);
  });

  it("a body that is not JSON is wrapped with the reason", async () => {
    const res = failedClosedResponse(attemptFailure("http_status", "HTTP 413: too large", { status: 413, body: "<html>too large</html>" }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error).toMatchObject({
      code: "upstream_rejected_request",
      message: expect.stringContaining("HTTP 413"),
    });
  });
});
