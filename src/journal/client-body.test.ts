import { describe, expect, it } from "vitest";
import { bodyReceived, keepsRefusedBody } from "./client-body.ts";

describe("the body of a refused request", () => {
  it("is kept as sent: a JSON object with its stream flag, anything else as text", () => {
    expect(bodyReceived('{"model":"m","stream":true,"x":1}')).toEqual({
      type: "body_received",
      request: { model: "m", stream: true, x: 1 },
      stream: true,
    });
    expect(bodyReceived("not json")).toEqual({ type: "body_received", request: { body: "not json" }, stream: false });
    expect(bodyReceived("[1,2]").request).toEqual({ body: "[1,2]" });
  });

  it("is kept for a POST refused for what it carried, not for a 401 or a 413", () => {
    expect(keepsRefusedBody("POST", 400)).toBe(true);
    expect(keepsRefusedBody("POST", 404)).toBe(true);
    expect(keepsRefusedBody("POST", 401)).toBe(false);
    expect(keepsRefusedBody("POST", 413)).toBe(false);
    expect(keepsRefusedBody("POST", 502)).toBe(false);
    expect(keepsRefusedBody("GET", 400)).toBe(false);
  });
});
