import { ResponsesWS } from "openai/resources/responses/ws";
import { describe, expect, it } from "vitest";
import { gatewayUrl, recordsOf, useTenant } from "./harness.ts";

const t = useTenant();

/** A socket on the Responses door with the gateway key, and every JSON message it receives. */
async function openSocket(key = t.key) {
  const url = `${gatewayUrl().replace(/^http/, "ws")}/v1/responses`;
  // Node's WebSocket (undici) takes headers, as OpenAI's SDKs send them on the upgrade.
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${key}` } } as never);
  const received: any[] = [];
  const waiters: Array<() => void> = [];
  socket.addEventListener("message", (event) => {
    received.push(JSON.parse(String(event.data)));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new Error("the socket did not open")));
  });
  /** Waits (bounded: 10 s) until a message of one of `types` arrives after `from`; returns the messages since `from`. */
  const until = async (from: number, types: string[]) => {
    const deadline = Date.now() + 10_000;
    while (!received.slice(from).some((m) => types.includes(m.type))) {
      if (Date.now() > deadline) throw new Error(`no ${types.join("/")} within 10 s: ${JSON.stringify(received.slice(from))}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return received.slice(from);
  };
  const create = async (body: Record<string, unknown>) => {
    const from = received.length;
    socket.send(JSON.stringify({ type: "response.create", ...body }));
    return until(from, ["response.completed", "response.incomplete", "response.failed", "error"]);
  };
  return { socket, received, create, until };
}

describe("the Responses API's WebSocket mode on /v1/responses", () => {
  it("one socket carries many turns; each is a response with its own record and usage; the next continues the last by id", async () => {
    const model = await t.workflow("socket-echo", "echo");
    const { socket, create } = await openSocket();
    const first = await create({ model, input: "my name is Ada", store: false });
    expect(first.map((m) => m.type)).toEqual(
      expect.arrayContaining(["response.created", "response.output_text.delta", "response.completed"]),
    );
    const firstResponse = first.at(-1).response;
    expect(firstResponse.output[0].content[0].text).toBe("Echo: my name is Ada");

    const second = await create({ model, input: "what is my name?", previous_response_id: firstResponse.id, store: false });
    expect(second.at(-1)).toMatchObject({ type: "response.completed" });
    // The upstream got the whole conversation, though nothing was stored.
    expect(
      t.upstream
        .callsFor("echo")
        .at(-1)
        ?.body.messages.map((m: any) => m.role),
    ).toEqual(["user", "assistant", "user"]);
    socket.close();

    const records = await recordsOf(t.tenant, model, 2);
    for (const record of records) {
      expect(record).toMatchObject({ method: "POST", path: "/v1/responses", stream: true, outcome: "completed" });
      expect(record.usage.completionTokens).toBeGreaterThan(0);
    }
  });

  it("a refused turn is an error event; the socket goes on", async () => {
    const model = await t.workflow("socket-after-error", "echo");
    const { socket, create } = await openSocket();
    const missing = await create({ model: "no-such-workflow", input: "x" });
    expect(missing.at(-1)).toMatchObject({ type: "error", status: 404 });
    const bad = await create({ model, input: "x", conversation: "conv_1" });
    expect(bad.at(-1)).toMatchObject({ type: "error", status: 400, error: { param: "conversation" } });
    const ok = await create({ model, input: "still here" });
    expect(ok.at(-1)).toMatchObject({ type: "response.completed" });
    socket.close();
  });

  it("turns sent faster than they run wait in a bounded queue; the excess is refused with an error event", async () => {
    const model = await t.workflow("socket-flood", "echo");
    const { socket, until } = await openSocket();
    for (let i = 0; i < 20; i++) socket.send(JSON.stringify({ type: "response.create", model, input: `turn ${i}` }));
    const seen = await until(0, ["error"]);
    expect(seen.find((m) => m.type === "error")).toMatchObject({ status: 429, error: { code: "too_many_queued_turns" } });
    socket.close();
  });

  it("a bad key is refused before the upgrade; a GET without Upgrade is told to upgrade", async () => {
    await expect(openSocket("sk-gw-wrong")).rejects.toThrow();
    const plain = await fetch(`${gatewayUrl()}/v1/responses`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(plain.status).toBe(426);
  });

  it("a client that leaves mid-turn aborts it, and the record says so", async () => {
    const model = await t.workflow("socket-leave", "slow-300+words-40");
    const { socket, until } = await openSocket();
    socket.send(JSON.stringify({ type: "response.create", model, input: "go" }));
    await until(0, ["response.output_text.delta"]);
    socket.close();
    const [record] = await recordsOf(t.tenant, model, 1, 15_000);
    expect(record.outcome).toBe("client_aborted");
    expect(t.upstream.callsFor("slow-300+words-40").at(-1)?.closedEarly).toBe(true);
  });

  it("the openai SDK's ResponsesWS client: a turn's events and the final response", async () => {
    const model = await t.workflow("socket-sdk", "echo");
    const rws = new ResponsesWS(t.client());
    rws.send({ type: "response.create", model, input: "hello from the SDK" } as never);
    const types: string[] = [];
    let final: any = null;
    const deadline = setTimeout(() => rws.close({ code: 1000, reason: "test timeout" }), 10_000);
    for await (const event of rws.stream()) {
      if (event.type === "error") throw event.error;
      if (event.type !== "message") continue;
      types.push(event.message.type);
      if (event.message.type === "response.completed") {
        final = event.message.response;
        break;
      }
    }
    clearTimeout(deadline);
    rws.close({ code: 1000, reason: "done" });
    expect(types[0]).toBe("response.created");
    expect(types).toContain("response.output_text.delta");
    expect(final?.output[0].content[0].text).toBe("Echo: hello from the SDK");
  });
});
