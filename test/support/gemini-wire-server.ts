import { readFileSync } from "node:fs";

/**
 * A minimal Gemini API (`POST …/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse`) for end-to-end tests: the stream is the recorded fixture
 * (text, a thought, a function call, usage with cached and thinking tokens); the whole answer one
 * text candidate. Faults by model name: `unavailable` answers 503, `bad-request` 400 (Google's
 * error JSON both). Served on loopback by `startLoopbackUpstream(wire.handle)`; `paths` are the
 * paths it was called on (the model is in the URL).
 */
const STREAM = readFileSync(new URL("../../src/providers/gemini/__fixtures__/text-and-tool.chunks.txt", import.meta.url), "utf8");

const ANSWER = {
  candidates: [{ content: { role: "model", parts: [{ text: "Hello from Gemini." }] }, finishReason: "STOP", index: 0 }],
  usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 4, totalTokenCount: 8 },
  modelVersion: "gemini-loopback",
  responseId: "gem-1",
};

const googleError = (code: number, status: string, message: string) =>
  Response.json({ error: { code, message, status } }, { status: code });

export function geminiWire() {
  const paths: string[] = [];
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    paths.push(`${url.pathname}${url.search}`);
    const [model, action] = (url.pathname.split("/models/")[1] ?? "").split(":");
    if (model === "unavailable") return googleError(503, "UNAVAILABLE", "The model is overloaded.");
    if (model === "bad-request") return googleError(400, "INVALID_ARGUMENT", "contents: a part has no data.");
    if (action === "streamGenerateContent") return new Response(STREAM, { headers: { "content-type": "text/event-stream" } });
    if (action === "generateContent") return Response.json(ANSWER);
    return googleError(404, "NOT_FOUND", "no such method");
  };
  return { handle, paths };
}
