import { describe, expect, it } from "vitest";
import { isContextWindowRefusal } from "./context-window.ts";

/** Error bodies as each provider sends them for a prompt over the model's window. */
const refusals = {
  openai: JSON.stringify({
    error: {
      message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
      type: "invalid_request_error",
      param: "messages",
      code: "context_length_exceeded",
    },
  }),
  azure: JSON.stringify({
    error: {
      message: "Please reduce the length of the messages.",
      type: "invalid_request_error",
      param: "messages",
      code: "context_length_exceeded",
    },
  }),
  anthropic: JSON.stringify({
    type: "error",
    error: { type: "invalid_request_error", message: "prompt is too long: 210432 tokens > 200000 maximum" },
  }),
  gemini: JSON.stringify({
    error: {
      code: 400,
      message: "The input token count (1200345) exceeds the maximum number of tokens allowed (1048576).",
      status: "INVALID_ARGUMENT",
    },
  }),
};

describe("context-window refusals, recognized in one place", () => {
  it.each(Object.entries(refusals))("%s's wording", (_, body) => {
    expect(isContextWindowRefusal(400, body)).toBe(true);
  });

  it("other 400s are not", () => {
    const other = JSON.stringify({
      error: { message: "Invalid value for 'temperature'", type: "invalid_request_error", code: "invalid_value" },
    });
    expect(isContextWindowRefusal(400, other)).toBe(false);
    expect(isContextWindowRefusal(400, null)).toBe(false);
  });

  it("only on a refusal status: a 5xx that mentions it is still an outage", () => {
    expect(isContextWindowRefusal(500, refusals.openai)).toBe(false);
  });
});
