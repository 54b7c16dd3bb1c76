import { describe, expect, it } from "vitest";
import { gatewayUrl, logRecord, useTenant } from "./harness.ts";

/**
 * A refused request's record says what was sent, on every door (docs/semantics.md "Request log"):
 * the body as the client sent it and its stream flag, so "is it the payload?" has an answer even
 * when the gateway never called an upstream.
 */
const t = useTenant();
const bearer = () => ({ authorization: `Bearer ${t.key}` });

describe("a refused request's record keeps its body and stream flag, on every door", () => {
  it.each<[string, string, () => Record<string, string>, Record<string, unknown>, boolean]>([
    [
      "chat completions",
      "/v1/chat/completions",
      bearer,
      { model: "nowhere", stream: true, messages: [{ role: "user", content: "hi" }] },
      true,
    ],
    ["responses", "/v1/responses", bearer, { model: "nowhere", stream: true, input: "hi" }, true],
    [
      "messages",
      "/v1/messages",
      () => ({ "x-api-key": t.key }),
      { model: "nowhere", stream: true, max_tokens: 16, messages: [{ role: "user", content: "hi" }] },
      true,
    ],
    ["embeddings", "/v1/embeddings", bearer, { model: "nowhere", input: "hi" }, false],
    [
      "gemini (streamGenerateContent)",
      "/v1beta/models/nowhere:streamGenerateContent?alt=sse",
      () => ({ "x-goog-api-key": t.key }),
      { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
      true,
    ],
  ])("%s: an unknown model is refused, and the record holds what was sent", async (_, path, auth, body, stream) => {
    const sent = { ...body, client_note: `refused via ${path}` };
    const res = await fetch(`${gatewayUrl()}${path}`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify(sent),
    });
    await res.text();
    expect(res.status).toBe(404);
    expect(await logRecord(t.tenant, res.headers.get("x-request-id"))).toMatchObject({
      outcome: "rejected",
      httpStatus: 404,
      stream,
      request: sent,
    });
  });
});

describe("a refused request naming a metadata-only workflow keeps no body", () => {
  it("on the Gemini door too, whose model is in the path", async () => {
    const workflow = await t.workflow("quiet", "echo", undefined, { logContent: "metadata" });
    const res = await fetch(`${gatewayUrl()}/v1beta/models/${workflow}:streamGenerateContent?alt=sse`, {
      method: "POST",
      headers: { "x-goog-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ contents: "not a list", secret_note: "do not keep" }),
    });
    await res.text();
    expect(res.status).toBe(400);
    const record = await logRecord(t.tenant, res.headers.get("x-request-id"));
    expect(record).toMatchObject({ outcome: "rejected", httpStatus: 400, request: null });
    expect(JSON.stringify(record)).not.toContain("do not keep");
  });
});
