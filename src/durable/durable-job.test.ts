import { describe, expect, it } from "vitest";
import { errorOfBody } from "./durable-job.ts";

describe("how a durable generation ended", () => {
  it("a failed whole answer's error comes from its body", () => {
    expect(errorOfBody('{"error":{"message":"all targets failed","type":"upstream_error","code":"all_targets_failed"}}')).toEqual({
      code: "all_targets_failed",
      message: "all targets failed",
    });
    expect(errorOfBody("not json").code).toBe("server_error");
  });
});
