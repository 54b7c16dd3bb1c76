import { describe, expect, it } from "vitest";
import { gatewayUrl, logRecord, useTenant } from "./harness.ts";

/**
 * A refused request's record on the Gemini door, whose path (not its body) names the model and
 * whether it streams: the record takes both from the path, and so respects the named workflow's
 * `logContent`. The other doors' refused records are in odd-bodies.test.ts.
 */
const t = useTenant();

function geminiCall(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gatewayUrl()}/v1beta/models/${path}`, {
    method: "POST",
    headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("a refused Gemini request's record", () => {
  it("keeps the body and takes the stream flag from :streamGenerateContent", async () => {
    const sent = { contents: [{ role: "user", parts: [{ text: "hi" }] }], client_note: "kept" };
    const res = await geminiCall("nowhere:streamGenerateContent?alt=sse", sent);
    await res.text();
    expect(res.status).toBe(404);
    expect(await logRecord(t.tenant, res.headers.get("x-request-id"))).toMatchObject({
      outcome: "rejected",
      httpStatus: 404,
      stream: true,
      request: sent,
    });
  });

  it("keeps no body when the workflow named in the path records metadata only", async () => {
    const workflow = await t.workflow("quiet", "echo", undefined, { logContent: "metadata" });
    const res = await geminiCall(`${workflow}:streamGenerateContent?alt=sse`, { contents: "not a list", secret_note: "do not keep" });
    await res.text();
    expect(res.status).toBe(400);
    const record = await logRecord(t.tenant, res.headers.get("x-request-id"));
    expect(record).toMatchObject({ outcome: "rejected", httpStatus: 400, request: null });
    expect(JSON.stringify(record)).not.toContain("do not keep");
  });
});
