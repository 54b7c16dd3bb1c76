import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { admin, gatewayUrl, logRecord } from "./harness.ts";

const PROVIDER_KEY = "sk-live-provider-SECRET-0123456789";
const HEADER_TOKEN = "tok-extra-SECRET-abcdefghij";

/** Everything the upstream was sent that could be a credential, echoed back as careless upstreams do. */
function credentialsOf(request: Request): string {
  return `${request.headers.get("authorization") ?? ""} ${request.headers.get("x-extra-token") ?? ""}`;
}

function sse(events: string[], headers: Record<string, string>): Response {
  return new Response(events.map((e) => `data: ${e}\n\n`).join(""), { headers: { "content-type": "text/event-stream", ...headers } });
}

function chunk(content: string, finish: string | null = null): string {
  return JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });
}

/** An upstream that echoes every credential it receives: in error bodies, headers, stream events and answers. */
async function echoingUpstream(request: Request): Promise<Response> {
  const body = (await request.json()) as { model: string; stream?: boolean; messages: Array<{ content: string }> };
  const echoed = credentialsOf(request);
  const headers = { "x-request-id": `req ${echoed}`, "x-ratelimit-remaining-requests": echoed };
  switch (body.model) {
    case "echo-401":
      return Response.json(
        { error: { message: `Incorrect API key provided: ${echoed}`, type: "invalid_request_error" } },
        { status: 401, headers },
      );
    case "echo-400":
      return Response.json(
        { error: { message: `Bad request for key ${echoed}`, type: "invalid_request_error" } },
        { status: 400, headers },
      );
    case "echo-error-event":
      return sse([JSON.stringify({ error: { message: `quota exceeded for ${echoed}` } })], headers);
    default: {
      const text = `You sent ${echoed} and said: ${body.messages.at(-1)?.content ?? ""}`;
      if (body.stream) return sse([chunk(text), chunk("", "stop"), "[DONE]"], headers);
      return Response.json(
        {
          id: "x",
          object: "chat.completion",
          created: 1,
          model: "m",
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        },
        { headers },
      );
    }
  }
}

let upstream: LoopbackUpstream;
let gatewayKey = "";
const tenant = `secrets${Date.now().toString(36)}`;

beforeAll(async () => {
  upstream = await startLoopbackUpstream(echoingUpstream);
  await admin("PUT", `/tenants/${tenant}`, {});
  await admin("PUT", `/tenants/${tenant}/providers/leaky`, {
    type: "openai-compatible",
    baseUrl: upstream.baseUrl,
    apiKey: PROVIDER_KEY,
    headers: { "x-extra-token": HEADER_TOKEN },
  });
  gatewayKey = (await admin("POST", `/tenants/${tenant}/keys`, { name: "secrets" })).key;
  const fast = { retry: { maxAttempts: 1 }, timeouts: { firstEventMs: 2_000, idleMs: 2_000, totalMs: 10_000 } };
  for (const model of ["echo-401", "echo-400", "echo-error-event", "echo-answer"])
    await admin("PUT", `/tenants/${tenant}/workflows/${model}`, { targets: [{ provider: "leaky", model }], ...fast });
});
afterAll(async () => {
  await upstream?.close();
});

/** The client's whole view of a response, then the stored record: neither may hold any secret. */
async function expectNoSecret(workflow: string, stream: boolean) {
  const res = await fetch(`${gatewayUrl()}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${gatewayKey}`, "content-type": "application/json" },
    // A user pasting their gateway key into a prompt: echoed by the upstream, and kept in the record's request.
    body: JSON.stringify({ model: workflow, stream, messages: [{ role: "user", content: `my key is ${gatewayKey}` }] }),
  });
  const seen = `${[...res.headers].map(([n, v]) => `${n}: ${v}`).join("\n")}\n${await res.text()}`;
  const record = JSON.stringify(await logRecord(tenant, res.headers.get("x-request-id")));
  for (const secret of [PROVIDER_KEY, HEADER_TOKEN, gatewayKey]) {
    expect(seen).not.toContain(secret);
    expect(record).not.toContain(secret);
  }
  return { status: res.status, seen, record };
}

describe("no secret leaves the gateway, whatever an upstream echoes", () => {
  for (const stream of [false, true]) {
    const mode = stream ? "streamed" : "non-streamed";
    it(`${mode}: a 401 whose error text and headers echo the provider key`, async () => {
      const { status, record } = await expectNoSecret("echo-401", stream);
      expect(status).toBe(502);
      // The reason is still there to explain the failure, with the key cut out.
      expect(record).toContain("Incorrect API key provided: Bearer [REDACTED]");
    });
    it(`${mode}: a 400 returned to the client as the provider's own refusal`, async () => {
      const { status, seen } = await expectNoSecret("echo-400", stream);
      expect(status).toBe(400);
      expect(seen).toContain("Bad request for key");
    });
    it(`${mode}: an answer (and its stream events) that echo every credential`, async () => {
      const { status, seen } = await expectNoSecret("echo-answer", stream);
      expect(status).toBe(200);
      expect(seen).toContain("You sent Bearer [REDACTED] [REDACTED]");
    });
  }
  it("an error event before output that echoes the key", async () => {
    const { status } = await expectNoSecret("echo-error-event", true);
    expect(status).toBe(502);
  });
});
