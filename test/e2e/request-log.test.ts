import { describe, expect, it } from "vitest";
import { abortAfterDeltas, admin, useTenant } from "./harness.ts";

const t = useTenant();
const messages = [{ role: "user" as const, content: "hello gateway" }];

/** Polls the admin API until the request's log has been written. */
async function logOf(requestId: string | null): Promise<any> {
  let record: any = null;
  await expect
    .poll(
      async () => {
        record = await admin("GET", `/tenants/${t.tenant}/logs/${requestId}`).catch(() => null);
        return record?.id;
      },
      { timeout: 5_000, interval: 100 },
    )
    .toBe(requestId);
  return record;
}

describe("request log through the running gateway", () => {
  it("a streamed request has usage and cost", async () => {
    await admin("PUT", `/tenants/${t.tenant}/prices`, { prices: [{ model: "words-8", inputPerMTok: 3, outputPerMTok: 15 }] });
    await t.workflow("priced", "words-8");
    const { data: stream, response } = await t.client().chat.completions.create({ model: "priced", messages, stream: true }).withResponse();
    for await (const _ of stream) {
      // drain
    }
    const log = await logOf(response.headers.get("x-request-id"));
    expect(log.outcome).toBe("completed");
    expect(log.usage).toMatchObject({ completionTokens: 8, estimated: false });
    expect(log.priceSource).toBe("tenant");
    expect(log.costUsd).toBeCloseTo((log.usage.promptTokens * 3 + 8 * 15) / 1e6, 12);
  });

  it("a client abort is logged as client_aborted with the partial output", async () => {
    await t.workflow("aborted", "words-40+slow-100");
    const response = await abortAfterDeltas(t.client(), "aborted", messages, 3);
    const log = await logOf(response.headers.get("x-request-id"));
    expect(log).toMatchObject({ outcome: "client_aborted", disconnect: "client", partialOutput: true });
    expect(log.output.text.startsWith("alpha bravo charlie")).toBe(true);
    expect(log.usage.estimated).toBe(true);
  });
});
