/** The billable-operations part of the benchmark: counted per scenario on the counting gateway, and printed. */
import type { RunningGateway } from "../test/support/wrangler-dev.ts";
import { completionLatency, streamTiming, type Target, uniquePrompt } from "./client.ts";
import { cpuDuring, wranglerDevCpuSource } from "./cpu.ts";
import { gatewayTarget, limitedKeyTarget, SCENARIOS } from "./gateway-target.ts";
import { pause, repeat } from "./measure.ts";
import { dollarsPerMillion, PRICES_NOTE, perRequest, readOps } from "./ops.ts";
import { fmt, table } from "./stats.ts";

/** Billable operations per request, counted by the counting gateway, per scenario. */
export async function countOperations(counting: RunningGateway, upstreamBaseUrl: string, opsRequests: number) {
  const cpu = wranglerDevCpuSource(counting.pid, Number(new URL(counting.url).port));
  const target = await gatewayTarget(counting, upstreamBaseUrl, "gateway (counted)");
  const limited = await limitedKeyTarget(counting, target);
  const withHeader = (base: Target, name: string, value: string): Target => ({ ...base, headers: { ...base.headers, [name]: value } });
  const resumable = withHeader(target, "x-gateway-resumable", "true");
  // Warm-up: config reads into isolate caches, the key's once-a-minute "last used" write, the objects' tables.
  await repeat(5, () => completionLatency(target, SCENARIOS.completion));
  await repeat(5, () => completionLatency(limited, SCENARIOS.completion));
  await streamTiming(target, SCENARIOS.stream);
  const hitPrompt = uniquePrompt();
  await completionLatency(target, SCENARIOS.completion, hitPrompt);
  await pause(500);
  const scenarios: Array<[string, number, () => Promise<boolean>]> = [
    ["non-stream, cache miss", opsRequests, async () => Number.isFinite(await completionLatency(target, SCENARIOS.completion))],
    ["non-stream, cache hit", opsRequests, async () => Number.isFinite(await completionLatency(target, SCENARIOS.completion, hitPrompt))],
    ["stream, 20 events (miss)", opsRequests, async () => (await streamTiming(target, SCENARIOS.stream)).ok],
    ["stream, 1,000 events (miss)", Math.max(1, Math.round(opsRequests / 4)), async () => (await streamTiming(target, SCENARIOS.long)).ok],
    [
      "non-stream, key with limits (miss)",
      opsRequests,
      async () => Number.isFinite(await completionLatency(limited, SCENARIOS.completion)),
    ],
    // Durable modes (README "Durable requests"): the request's object runs the generation and keeps its events.
    ["durable: stream, 20 events, resumable", opsRequests, async () => (await streamTiming(resumable, SCENARIOS.stream)).ok],
    [
      "durable: non-stream, Idempotency-Key (miss)",
      opsRequests,
      async () =>
        Number.isFinite(await completionLatency(withHeader(target, "idempotency-key", crypto.randomUUID()), SCENARIOS.completion)),
    ],
  ];
  const out = [];
  for (const [name, n, run] of scenarios) {
    await readOps(counting); // reset
    const { result, cpu: used } = await cpuDuring(cpu, () => repeat(n, run), 500); // background writes settle
    const ops = await readOps(counting);
    const per = perRequest(ops, n);
    const cpuMs = used.workerMs / n;
    out.push({ name, requests: n, ok: result.filter(Boolean).length, cpuMs, perRequest: per, dollars: dollarsPerMillion(per, cpuMs) });
  }
  return out;
}

/** The billable-operations tables: per request, $ by part, and what was counted. */
export function printOperations(operations: Awaited<ReturnType<typeof countOperations>>) {
  console.log("\nBillable operations per request, counted in the gateway's bindings (bench/counting-worker.js):\n");
  console.log(
    table(
      ["scenario", "ok", "KV reads", "KV writes", "DO requests", "rows written", "rows read", "subrequests", "CPU ms", "$ / M requests"],
      operations.map((o) => [
        o.name,
        `${o.ok}/${o.requests}`,
        fmt(o.perRequest.kvReads),
        fmt(o.perRequest.kvWrites),
        fmt(o.perRequest.doRequests),
        fmt(o.perRequest.rowsWritten),
        fmt(o.perRequest.rowsRead),
        fmt(o.perRequest.subrequests),
        fmt(o.cpuMs, 3),
        fmt(o.dollars.total, 3),
      ]),
    ),
  );
  console.log(
    `\n${table(
      ["$ / M requests, by part", "Workers requests", "CPU", "KV", "Durable Objects", "total"],
      operations.map((o) => [
        o.name,
        fmt(o.dollars.worker, 3),
        fmt(o.dollars.cpu, 3),
        fmt(o.dollars.kv, 3),
        fmt(o.dollars.durableObjects, 3),
        fmt(o.dollars.total, 3),
      ]),
    )}`,
  );
  console.log("\nwhat was counted, per request:");
  for (const o of operations) {
    const d = o.perRequest.detail;
    const parts = [
      ...Object.entries(d.kv).flatMap(([b, m]) => Object.entries(m).map(([k, n]) => `${b}.${k} ${fmt(n / o.requests)}`)),
      ...Object.entries(d.doRequests).flatMap(([b, m]) => Object.entries(m).map(([k, n]) => `${b}.${k}() ${fmt(n / o.requests)}`)),
      ...Object.entries(d.sql).map(
        ([c, s]) => `${c} SQL rows written ${fmt((s.rowsWritten ?? 0) / o.requests)} read ${fmt((s.rowsRead ?? 0) / o.requests)}`,
      ),
      ...Object.entries(d.storage).flatMap(([c, m]) => Object.entries(m).map(([k, n]) => `${c}.storage.${k} ${fmt(n / o.requests)}`)),
      `objects created ${fmt(d.objectsConstructed / o.requests)}`,
    ];
    console.log(`  ${o.name}: ${parts.join(", ")}`);
  }
  console.log(
    `\n${PRICES_NOTE}. rows written = SQL cursors' rowsWritten + storage put/delete + setAlarm (one row each, assumed); ` +
      "subrequests = outbound fetch (KV and DO calls are subrequests too, counted in their own columns); " +
      "CPU ms = the counting gateway's workerd CPU per request in this run (an upper bound: it includes local storage simulation).",
  );
}
