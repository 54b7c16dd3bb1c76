/**
 * The record never delays the response (src/journal/after-flush.ts, journal-request.ts):
 * - in the production-like topology (objects in a second process, as on Cloudflare), against the
 *   same gateway whose record object takes 500 ms longer per write;
 * - in one process (as `npm run dev` runs it, objects on the Worker's thread), against the same
 *   gateway whose record object first keeps that thread busy for ~200 ms.
 * The client's latency must not move, and the record must still be written, after the response.
 */
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SplitGateway, startGatewayWithEntry, startSplitGateway } from "../support/split-topology.ts";
import type { RunningGateway } from "../support/wrangler-dev.ts";

const SLOW_WRITE_MS = 500;
const gateways: RunningGateway[] = [];
let normal: SplitGateway;
let slow: SplitGateway;
let oneProcess: RunningGateway;
let busyOneProcess: RunningGateway;

beforeAll(async () => {
  const testWorker = (file: string) => fileURLToPath(new URL(`../workers/${file}`, import.meta.url));
  const adminToken = "e2e-admin-token";
  [normal, slow, oneProcess, busyOneProcess] = await Promise.all([
    startSplitGateway({ adminToken }),
    startSplitGateway({ adminToken, objectsMain: testWorker("slow-record-worker.ts") }),
    startGatewayWithEntry({
      adminToken,
      name: "one-process",
      main: fileURLToPath(new URL("../../src/index.ts", import.meta.url)),
      seedDemo: true,
    }),
    startGatewayWithEntry({ adminToken, name: "one-process-busy", main: testWorker("busy-record-worker.ts"), seedDemo: true }),
  ]);
  gateways.push(normal, slow, oneProcess, busyOneProcess);
}, 180_000);
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
});

const client = (gateway: RunningGateway) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "sk-gw-demo", maxRetries: 0 });

async function recordOf(gateway: RunningGateway, id: string) {
  const res = await fetch(`${gateway.url}/admin/v1/tenants/demo/logs/${id}`, {
    headers: { authorization: `Bearer ${gateway.adminToken}` },
  });
  return res.status === 200 ? ((await res.json()) as { outcome: string; stream: boolean }) : null;
}

/** Polls for the record (bounded); answers it and how long after the response it appeared. */
async function awaitRecord(gateway: RunningGateway, id: string, since: number) {
  for (let i = 0; i < 100; i++) {
    const record = await recordOf(gateway, id);
    if (record) return { record, afterMs: performance.now() - since };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no record for ${id} within the bound`);
}

/** One non-streamed and one streamed request; their latencies, and the request ids. */
async function timedPair(gateway: RunningGateway, prompt: string, pauseMs = 0) {
  const openai = client(gateway);
  let started = performance.now();
  const { data, response } = await openai.chat.completions
    .create({ model: "demo", messages: [{ role: "user", content: prompt }] })
    .withResponse();
  const completionMs = performance.now() - started;
  expect(data.choices[0]?.message.content).toContain(prompt);
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
  started = performance.now();
  const stream = await openai.chat.completions.create({ model: "demo", messages: [{ role: "user", content: prompt }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
  const streamMs = performance.now() - started;
  expect(text).toContain(prompt);
  return { completionMs, streamMs, id: response.headers.get("x-request-id") ?? "", doneAt: performance.now() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

describe("the record never delays the response", () => {
  it(`a record object ${SLOW_WRITE_MS} ms slower per write leaves the client's latency where it was`, async () => {
    const normalRuns = [];
    const slowRuns = [];
    // Interleaved, so drift on the machine affects both alike.
    for (let i = 0; i < 8; i++) {
      normalRuns.push(await timedPair(normal, `normal ${i}`));
      slowRuns.push(await timedPair(slow, `slow ${i}`));
    }
    const normalMs = median(normalRuns.map((r) => r.completionMs));
    const slowMs = median(slowRuns.map((r) => r.completionMs));
    const normalStreamMs = median(normalRuns.map((r) => r.streamMs));
    const slowStreamMs = median(slowRuns.map((r) => r.streamMs));
    // Waiting for the write would add the full 500 ms; a fifth of it is far above this machine's jitter.
    expect(slowMs - normalMs).toBeLessThan(SLOW_WRITE_MS / 5);
    expect(slowStreamMs - normalStreamMs).toBeLessThan(SLOW_WRITE_MS / 5);
  }, 120_000);

  it("and the record is still written, after the response, with its outcome", async () => {
    const run = await timedPair(slow, "kept");
    const { record, afterMs } = await awaitRecord(slow, run.id, run.doneAt);
    expect(record).toMatchObject({ outcome: "completed", stream: false });
    // The slow object really was slow: the record appeared well after the client had its answer.
    expect(afterMs).toBeGreaterThan(SLOW_WRITE_MS / 2);
  }, 60_000);
});

describe("one process (npm run dev): the record's work on the Worker's own thread waits for the response", () => {
  it("a record object that keeps the thread busy ~200 ms per write leaves the client's latency where it was", async () => {
    const normalRuns = [];
    const busyRuns = [];
    for (let i = 0; i < 6; i++) {
      // A developer's next request comes later: each busy write finishes before it.
      normalRuns.push(await timedPair(oneProcess, `one ${i}`, 600));
      busyRuns.push(await timedPair(busyOneProcess, `busy ${i}`, 600));
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    const delta = median(busyRuns.map((r) => r.completionMs)) - median(normalRuns.map((r) => r.completionMs));
    const streamDelta = median(busyRuns.map((r) => r.streamMs)) - median(normalRuns.map((r) => r.streamMs));
    expect(delta).toBeLessThan(60);
    expect(streamDelta).toBeLessThan(60);
    const { record } = await awaitRecord(busyOneProcess, busyRuns.at(-1)?.id ?? "", performance.now());
    expect(record).toMatchObject({ outcome: "completed" });
  }, 120_000);
});
