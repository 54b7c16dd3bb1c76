import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { type LoopbackUpstream, startLoopbackUpstream } from "../support/loopback-upstream.ts";
import { type RunningGateway, startGateway } from "../support/wrangler-dev.ts";

const persistTo = mkdtempSync(join(tmpdir(), "gateway-durable-restart-"));
const running: RunningGateway[] = [];
let upstream: LoopbackUpstream | undefined;

afterAll(async () => {
  for (const gateway of running) await gateway.stop();
  await upstream?.close();
  rmSync(persistTo, { recursive: true, force: true });
});

async function adminCall(gateway: RunningGateway, method: string, path: string, body?: unknown) {
  const res = await fetch(`${gateway.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${gateway.adminToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as any;
}

async function pollStatus(client: OpenAI, id: string, done: (status: string) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.responses.retrieve(id);
    if (done(response.status ?? "") || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("a background response across a gateway restart (same storage, new isolates)", () => {
  it("one that had not answered yet runs again and completes; one that had streamed ends `failed` with the reason and a record", async () => {
    upstream = await startLoopbackUpstream();
    const first = await startGateway({ persistTo });
    running.push(first);
    await adminCall(first, "PUT", "/tenants/restart", {});
    await adminCall(first, "PUT", "/tenants/restart/providers/p", { type: "openai-compatible", baseUrl: upstream.baseUrl });
    for (const [name, model] of [
      ["whole", "slow-200+words-60"],
      ["streamed", "slow-201+words-60"],
      ["cancelled", "slow-202+words-60"],
    ])
      await adminCall(first, "PUT", `/tenants/restart/workflows/${name}`, {
        targets: [{ provider: "p", model }],
        timeouts: { totalMs: 60_000 },
      });
    const key = (await adminCall(first, "POST", "/tenants/restart/keys", { name: "k" })).key as string;
    const client = (gateway: RunningGateway) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000 });

    const whole = await client(first).responses.create({ model: "whole", input: "survive", background: true });
    const stream = await client(first).responses.create({ model: "streamed", input: "cut", background: true, stream: true });
    let streamedId = "";
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === "response.created") streamedId = event.response.id;
      // Past the first 5 s, so a pack of events was stored before the restart (EVENT_PACK_MS).
      if (event.type === "response.output_text.delta" && ++deltas === 30) break;
    }
    const toCancel = await client(first).responses.create({ model: "cancelled", input: "stop me", background: true });
    const deadline = Date.now() + 5_000;
    while (upstream.callsFor("slow-202+words-60").length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(upstream.callsFor("slow-200+words-60")).toHaveLength(1);
    await first.stop();

    const second = await startGateway({ persistTo });
    running.push(second);
    // A cancel after the restart ends the lost job where it is: it does not run it again to stop it.
    expect((await client(second).responses.cancel(toCancel.id)).status).toBe("cancelled");
    expect(upstream.callsFor("slow-202+words-60")).toHaveLength(1);

    const rerun = await pollStatus(client(second), whole.id, (status) => status === "completed");
    expect(rerun.status).toBe("completed");
    expect(rerun.output_text.split(" ").length).toBe(60);
    expect(upstream.callsFor("slow-200+words-60")).toHaveLength(2);

    const cut = await pollStatus(client(second), streamedId, (status) => status !== "in_progress" && status !== "queued");
    expect(cut.status).toBe("failed");
    expect(cut.error?.code).toBe("generation_interrupted");
    expect(upstream.callsFor("slow-201+words-60")).toHaveLength(1);

    // Its stream replays what was stored before the restart, then ends with response.failed: never a second generation.
    const replay = client(second).responses.stream({ response_id: streamedId });
    const replayed: string[] = [];
    for await (const event of replay) replayed.push(event.type);
    expect(replayed[0]).toBe("response.created");
    expect(replayed.filter((type) => type === "response.output_text.delta").length).toBeGreaterThanOrEqual(20);
    expect(replayed.at(-1)).toBe("response.failed");
    expect(upstream.callsFor("slow-201+words-60")).toHaveLength(1);

    const record = await adminCall(second, "GET", `/tenants/restart/logs/req_${streamedId.slice(5)}`);
    expect(record.error?.code).toBe("generation_interrupted");
    expect(record.durable).toMatchObject({ mode: "background", status: "failed" });
    const rerunRecord = await adminCall(second, "GET", `/tenants/restart/logs/req_${whole.id.slice(5)}`);
    expect(rerunRecord.durable).toMatchObject({ status: "completed", restarts: 1 });
  }, 90_000);
});
