import { describe, expect, it } from "vitest";
import { GatewayError } from "../../http/gateway-error.ts";
import type { StoredResponse } from "../../logs/log-record.ts";
import { previousResponse, upstreamOnly } from "./previous-response.ts";

const stored = {
  response: { output: [{ type: "message", role: "assistant", content: "hi" }] },
  inputItems: [{ role: "user", content: "yo" }],
  context: [],
} as unknown as StoredResponse;
const load = async (id: string) => (id === "resp_aaaaaaaaaaaaaaaaaaaaaaaaaa" ? stored : null);

describe("previous_response_id", () => {
  it("a stored response gives its conversation; a foreign id is left to native targets; a missing gateway id is a 404", async () => {
    expect(await previousResponse(undefined, load)).toEqual({ kind: "none" });
    expect(await previousResponse("resp_aaaaaaaaaaaaaaaaaaaaaaaaaa", load)).toMatchObject({
      kind: "stored",
      context: [{ content: "yo" }, { content: "hi" }],
    });
    const foreign = await previousResponse("resp_68af4030592c81938ec0a5fbab4a3e9f", load);
    expect(foreign).toEqual({ kind: "upstream", id: "resp_68af4030592c81938ec0a5fbab4a3e9f" });
    expect(upstreamOnly(foreign)).toMatchObject({ param: "previous_response_id" });
    expect(upstreamOnly({ kind: "none" })).toBeNull();
    await expect(previousResponse("resp_bbbbbbbbbbbbbbbbbbbbbbbbbb", load)).rejects.toBeInstanceOf(GatewayError);
  });
});
