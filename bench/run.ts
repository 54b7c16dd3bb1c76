/**
 * `npm run bench [-- --peer portkey] [--json FILE] [--requests N] [--seconds S] [--concurrency C]
 *  [--big-streams N] [--long-streams N] [--ops-requests N] [--max-minutes M] [--only ops]`
 *
 * Starts a loopback upstream speaking OpenAI's wire format (the faux provider's server: latency,
 * chunk count and gaps chosen per scenario by model name) and, each under its own `wrangler dev`:
 * - the floor: a pass-through Worker (bench/floor-worker.ts) in the same runtime;
 * - the gateway (logging and cache on, as deployed);
 * - the gateway with logging off, and the gateway behind counting wrappers (bench/counting-worker.js)
 *   that count its billable operations;
 * then optionally the peer (Portkey from npm), and prints floor / gateway / peer figures and ratios
 * from one run. Loopback only; every loop is bounded in count and time; everything started is stopped.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLoopbackUpstream } from "../test/support/loopback-upstream.ts";
import { type RunningGateway, startGateway } from "../test/support/wrangler-dev.ts";
import {
  completionLatency,
  concurrentStreams,
  type StreamTiming,
  streamTiming,
  streamWithPause,
  type Target,
  throughput,
  uniquePrompt,
} from "./client.ts";
import { type CpuSource, cpuDuring, wranglerDevCpuSource } from "./cpu.ts";
import { gatewayTarget, limitedKeyTarget, SCENARIOS, STREAM_GAP_MS } from "./gateway-target.ts";
import { openInspector } from "./inspector.ts";
import { peakRssDuring, retainedHeapBytes } from "./memory.ts";
import { dollarsPerMillion, PRICES_NOTE, perRequest, readOps, startCountingGateway } from "./ops.ts";
import { PORTKEY_RUNTIME_NOTE, startPortkey } from "./portkey.ts";
import { distribution, fmt, median, table } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    peer: { type: "string" },
    json: { type: "string" },
    requests: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    "big-streams": { type: "string", default: "20" },
    "long-streams": { type: "string", default: "10" },
    "ops-requests": { type: "string", default: "20" },
    "max-minutes": { type: "string", default: "15" },
    /** `ops`: only the billable-operations tables (one counting gateway, about a minute). */
    only: { type: "string" },
  },
});
const REQUESTS = Number(args.requests);
const THROUGHPUT_MS = Number(args.seconds) * 1000;
const CONCURRENCY = Number(args.concurrency);
const BIG_STREAMS = Number(args["big-streams"]);
const LONG_STREAMS = Number(args["long-streams"]);
const OPS_REQUESTS = Number(args["ops-requests"]);
const BIG_STREAMS_TIMEOUT_MS = 150_000;
const ADMIN_TOKEN = "bench-admin-token";

const started = Date.now();
let step = 0;
const TOTAL_STEPS = 10;
const progress = (what: string) => console.error(`[${++step}/${TOTAL_STEPS}] ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

async function repeat<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const valid = (values: number[]) => values.filter((v) => Number.isFinite(v));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

interface TargetResults {
  completion: ReturnType<typeof distribution>;
  completionErrors: number;
  firstByte: ReturnType<typeof distribution>;
  firstContent: ReturnType<typeof distribution>;
  streamErrors: number;
  gapMedianMs: number;
  gapP90Ms: number;
  throughput: Awaited<ReturnType<typeof throughput>>;
  cpu: {
    /** What "Worker" CPU was read from. */
    worker: string;
    /** Per non-streamed request, over the latency loop. */
    completionWorkerMs: number;
    completionTreeMs: number;
    /** Per delivered event, over `LONG_STREAMS` streams of 1,000 events. */
    eventWorkerMs: number;
    eventTreeMs: number;
    /** Per 20-event streamed request (the first-byte loop). */
    streamWorkerMs: number;
    streamTreeMs: number;
    /** Per event beyond the first 20: (CPU of a 1,000-event stream − CPU of a 20-event one) / (their events' difference). */
    marginalEventWorkerMs: number;
  };
}

/** The latency, streaming, throughput and CPU workload, on one target. */
async function measure(target: Target, cpu: CpuSource): Promise<TargetResults> {
  await repeat(20, () => completionLatency(target, SCENARIOS.completion)); // warm-up: connections, isolates
  await repeat(2, () => streamTiming(target, SCENARIOS.long));
  const completions = await cpuDuring(cpu, () => repeat(REQUESTS, () => completionLatency(target, SCENARIOS.completion)));
  const latencies = completions.result;
  const streamRuns = await cpuDuring(cpu, () => repeat(Math.max(20, REQUESTS / 4), () => streamTiming(target, SCENARIOS.stream)));
  const streams: StreamTiming[] = streamRuns.result;
  const longRuns = await cpuDuring(cpu, () => repeat(LONG_STREAMS, () => streamTiming(target, SCENARIOS.long)));
  const events = sum(longRuns.result.map((s) => s.events));
  const shortEvents = sum(streamRuns.result.map((s) => s.events)) / streamRuns.result.length;
  const gapped = await repeat(5, () => streamTiming(target, SCENARIOS.gaps));
  const gaps = gapped.flatMap((s) => s.gapsMs);
  const okStreams = streams.filter((s) => s.ok);
  return {
    completion: distribution(valid(latencies)),
    completionErrors: latencies.length - valid(latencies).length,
    firstByte: distribution(valid(okStreams.map((s) => s.firstByteMs))),
    firstContent: distribution(valid(okStreams.map((s) => s.firstContentMs))),
    streamErrors: streams.length - okStreams.length + longRuns.result.filter((s) => !s.ok).length,
    gapMedianMs: median(gaps),
    gapP90Ms: distribution(gaps).p90,
    throughput: await throughput(target, SCENARIOS.completion, CONCURRENCY, THROUGHPUT_MS),
    cpu: {
      worker: cpu.workerLabel,
      completionWorkerMs: completions.cpu.workerMs / latencies.length,
      completionTreeMs: completions.cpu.treeMs / latencies.length,
      eventWorkerMs: longRuns.cpu.workerMs / events,
      eventTreeMs: longRuns.cpu.treeMs / events,
      streamWorkerMs: streamRuns.cpu.workerMs / streams.length,
      streamTreeMs: streamRuns.cpu.treeMs / streams.length,
      marginalEventWorkerMs:
        (longRuns.cpu.workerMs / longRuns.result.length - streamRuns.cpu.workerMs / streams.length) /
        (events / longRuns.result.length - shortEvents),
    },
  };
}

/** The Worker's retained heap and the process tree's RSS, 90% into 1, 10 and 30 MB streams. */
async function memoryOf(running: RunningGateway, target: Target, scenarios: typeof SCENARIOS) {
  const inspector = await openInspector(running.inspectorPort);
  try {
    await streamTiming(target, scenarios.small); // warm-up: first-use allocations are not the stream's
    const idleHeap = await retainedHeapBytes(inspector);
    const out = [];
    for (const [label, scenario, size] of [
      ["1 MB", scenarios.small, 1],
      ["10 MB", scenarios.big, 10],
      ["30 MB", scenarios.huge, 30],
    ] as const) {
      const rss = await peakRssDuring(running.pid, () =>
        streamWithPause(target, scenario, 0.9 * size * 1024 * 1024, () => retainedHeapBytes(inspector)),
      );
      out.push({
        label,
        heapGrowth: (rss.result.measured ?? Number.NaN) - idleHeap,
        heapAfter: (await retainedHeapBytes(inspector)) - idleHeap,
        rssGrowth: rss.growth,
        delivered: rss.result.bytes,
        complete: rss.result.complete,
        error: rss.result.error,
      });
    }
    return out;
  } finally {
    inspector.close();
  }
}

/** Cache miss and hit latency for `scenario` (a miss needs the upstream; a hit is answered from KV). */
async function cacheLatency(target: Target, scenario: string) {
  const misses = await repeat(20, () => completionLatency(target, scenario));
  const hitPrompt = uniquePrompt();
  await completionLatency(target, scenario, hitPrompt);
  await pause(300); // the entry is written in the background
  const hits = await repeat(30, () => completionLatency(target, scenario, hitPrompt));
  return { misses: distribution(valid(misses)), hits: distribution(valid(hits)), errors: 50 - valid(misses).length - valid(hits).length };
}

/** Billable operations per request, counted by the counting gateway, per scenario. */
async function countOperations(counting: RunningGateway, upstreamBaseUrl: string) {
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
    ["non-stream, cache miss", OPS_REQUESTS, async () => Number.isFinite(await completionLatency(target, SCENARIOS.completion))],
    ["non-stream, cache hit", OPS_REQUESTS, async () => Number.isFinite(await completionLatency(target, SCENARIOS.completion, hitPrompt))],
    ["stream, 20 events (miss)", OPS_REQUESTS, async () => (await streamTiming(target, SCENARIOS.stream)).ok],
    ["stream, 1,000 events (miss)", Math.max(1, Math.round(OPS_REQUESTS / 4)), async () => (await streamTiming(target, SCENARIOS.long)).ok],
    [
      "non-stream, key with limits (miss)",
      OPS_REQUESTS,
      async () => Number.isFinite(await completionLatency(limited, SCENARIOS.completion)),
    ],
    // Durable modes (README "Durable requests"): the request's object runs the generation and keeps its events.
    ["durable: stream, 20 events, resumable", OPS_REQUESTS, async () => (await streamTiming(resumable, SCENARIOS.stream)).ok],
    [
      "durable: non-stream, Idempotency-Key (miss)",
      OPS_REQUESTS,
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
function printOperations(operations: Awaited<ReturnType<typeof countOperations>>) {
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

/** Everything started, stopped in reverse order at the end, on Ctrl-C, or when the run overruns `--max-minutes`. */
const stops: Array<() => Promise<void> | void> = [];
async function stopAll() {
  for (const stop of stops.splice(0).reverse()) await stop();
}
const bail = (why: string) => async () => {
  console.error(`bench: ${why}; stopping everything it started`);
  await stopAll();
  process.exit(2);
};
setTimeout(bail(`over --max-minutes ${args["max-minutes"]}`), Number(args["max-minutes"]) * 60_000).unref();
process.once("SIGINT", bail("interrupted"));
process.once("SIGTERM", bail("terminated"));

async function main() {
  const upstream = await startLoopbackUpstream();
  stops.push(() => upstream.close());
  const stopNow = async (stop: () => Promise<void>) => {
    stops.splice(stops.indexOf(stop), 1);
    await stop();
  };
  try {
    if (args.only === "ops") {
      const counting = await startCountingGateway(ADMIN_TOKEN);
      stops.push(counting.stop);
      printOperations(await countOperations(counting, upstream.baseUrl));
      return;
    }
    progress("starting the floor (pass-through Worker) and the gateway, each under wrangler dev, and the loopback upstream");
    const floorConfig = fileURLToPath(new URL("wrangler.floor.jsonc", import.meta.url));
    const [floor, gateway] = await Promise.all([
      startGateway({ adminToken: ADMIN_TOKEN, extraArgs: ["--config", floorConfig, "--var", `UPSTREAM:${upstream.baseUrl}`] }),
      startGateway({ adminToken: ADMIN_TOKEN }),
    ]);
    stops.push(floor.stop, gateway.stop);
    const floorTarget: Target = {
      name: "floor",
      baseUrl: `${floor.url}/v1`,
      headers: { authorization: "Bearer sk-upstream" },
      model: (s) => s,
    };
    const through = await gatewayTarget(gateway, upstream.baseUrl, "gateway");
    const floorCpu = wranglerDevCpuSource(floor.pid, Number(new URL(floor.url).port));
    const gatewayCpu = wranglerDevCpuSource(gateway.pid, Number(new URL(gateway.url).port));

    progress(`floor: ${REQUESTS} requests, streams, gaps, ${CONCURRENCY}-way throughput, CPU`);
    const floorResults = await measure(floorTarget, floorCpu);
    progress("gateway: the same workload");
    const gatewayResults = await measure(through, gatewayCpu);

    progress(`${BIG_STREAMS} concurrent 10 MB streams: floor, then gateway`);
    const bigFloor = await concurrentStreams(floorTarget, SCENARIOS.big, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS);
    console.error(`  floor: ${fmt(bigFloor.wallMs / 1000)} s`);
    const bigGateway = await concurrentStreams(through, SCENARIOS.big, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS);
    console.error(`  gateway: ${fmt(bigGateway.wallMs / 1000)} s`);

    progress("memory: retained Worker heap and process-tree RSS, 90% into 1, 10 and 30 MB streams (floor, gateway)");
    const floorMemory = await memoryOf(floor, floorTarget, SCENARIOS);
    const memory = await memoryOf(gateway, through, SCENARIOS);

    progress("cache: miss vs hit, upstream ~200 ms and instant (floor: the same requests, never cached)");
    const slowCache = await cacheLatency(through, SCENARIOS.cached);
    const instantCache = await cacheLatency(through, SCENARIOS.completion);
    const floorSlow = distribution(valid(await repeat(20, () => completionLatency(floorTarget, SCENARIOS.cached))));
    const floorInstant = floorResults.completion;
    await stopNow(floor.stop);
    await stopNow(gateway.stop);

    progress("logging off: a second gateway with LOG_REQUESTS=false, same non-streamed workload");
    const quiet = await startGateway({ adminToken: ADMIN_TOKEN, extraArgs: ["--var", "LOG_REQUESTS:false"] });
    stops.push(quiet.stop);
    const quietTarget = await gatewayTarget(quiet, upstream.baseUrl, "gateway, logging off");
    await repeat(20, () => completionLatency(quietTarget, SCENARIOS.completion));
    const loggingOff = distribution(valid(await repeat(REQUESTS, () => completionLatency(quietTarget, SCENARIOS.completion))));
    await stopNow(quiet.stop);

    progress("billable operations: the gateway behind counting wrappers (bench/counting-worker.js), per scenario");
    const counting = await startCountingGateway(ADMIN_TOKEN);
    stops.push(counting.stop);
    const operations = await countOperations(counting, upstream.baseUrl);
    await stopNow(counting.stop);

    let peer: { name: string; note: string; results: TargetResults; big: Awaited<ReturnType<typeof concurrentStreams>> } | null = null;
    if (args.peer === "portkey") {
      progress("peer: Portkey's gateway from npm (a Node server), same upstream, same workload");
      const portkey = await startPortkey(upstream.baseUrl);
      stops.push(portkey.stop);
      const results = await measure(portkey.target, {
        rootPid: portkey.pid,
        workerPids: [portkey.pid],
        workerLabel: "the Node server process",
      });
      const big = await concurrentStreams(portkey.target, SCENARIOS.big, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS);
      peer = { name: "portkey", note: PORTKEY_RUNTIME_NOTE, results, big };
    } else step++;

    progress("done");
    const rows: string[][] = [];
    const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b)}×` : "–");
    /** One row: floor, gateway, added, gateway/floor, peer, peer/floor (no ratios where the floor is ~0, as for its heap). */
    const row = (label: string, f: number, g: number, p?: number, digits = 2, ratios = true) => {
      const r = (a: number) => (ratios ? ratio(a, f) : "–");
      rows.push([
        label,
        fmt(f, digits),
        fmt(g, digits),
        fmt(g - f, digits),
        r(g),
        ...(peer ? [fmt(p ?? Number.NaN, digits), r(p ?? Number.NaN)] : []),
      ]);
    };
    const fr = floorResults;
    const gr = gatewayResults;
    const pr = peer?.results;
    for (const q of ["p50", "p90", "p99"] as const)
      row(`non-stream latency ${q} (ms)`, fr.completion[q], gr.completion[q], pr?.completion[q]);
    row(
      `throughput (req/s, ${CONCURRENCY} concurrent, ${args.seconds} s)`,
      fr.throughput.requestsPerSecond,
      gr.throughput.requestsPerSecond,
      pr?.throughput.requestsPerSecond,
    );
    for (const q of ["p50", "p99"] as const) row(`stream first byte ${q} (ms)`, fr.firstByte[q], gr.firstByte[q], pr?.firstByte[q]);
    for (const q of ["p50", "p99"] as const)
      row(`stream first content ${q} (ms)`, fr.firstContent[q], gr.firstContent[q], pr?.firstContent[q]);
    row(`inter-chunk gap median (ms; upstream ${STREAM_GAP_MS})`, fr.gapMedianMs, gr.gapMedianMs, pr?.gapMedianMs);
    row("inter-chunk gap p90 (ms)", fr.gapP90Ms, gr.gapP90Ms, pr?.gapP90Ms);
    row("Worker CPU per non-stream request (ms)", fr.cpu.completionWorkerMs, gr.cpu.completionWorkerMs, pr?.cpu.completionWorkerMs, 3);
    row("Worker CPU per 20-event stream (ms)", fr.cpu.streamWorkerMs, gr.cpu.streamWorkerMs, pr?.cpu.streamWorkerMs, 3);
    row(
      "Worker CPU per streamed event (µs; 1,000-event streams)",
      fr.cpu.eventWorkerMs * 1000,
      gr.cpu.eventWorkerMs * 1000,
      (pr?.cpu.eventWorkerMs ?? Number.NaN) * 1000,
      1,
    );
    row(
      "Worker CPU per event beyond 20 (µs; 1,000 vs 20 events)",
      fr.cpu.marginalEventWorkerMs * 1000,
      gr.cpu.marginalEventWorkerMs * 1000,
      (pr?.cpu.marginalEventWorkerMs ?? Number.NaN) * 1000,
      1,
    );
    row("process-tree CPU per non-stream request (ms)", fr.cpu.completionTreeMs, gr.cpu.completionTreeMs, pr?.cpu.completionTreeMs, 3);
    row(
      "process-tree CPU per streamed event (µs)",
      fr.cpu.eventTreeMs * 1000,
      gr.cpu.eventTreeMs * 1000,
      (pr?.cpu.eventTreeMs ?? Number.NaN) * 1000,
      1,
    );
    row(
      `${BIG_STREAMS} concurrent 10 MB streams, wall time (s)`,
      bigFloor.wallMs / 1000,
      bigGateway.wallMs / 1000,
      peer ? peer.big.wallMs / 1000 : undefined,
    );
    const mb = (bytes: number) => bytes / 1024 / 1024;
    for (const [i, m] of memory.entries()) {
      const f = floorMemory[i];
      row(
        `retained Worker heap 90% into ${m.label} (MB over idle)`,
        mb(f?.heapGrowth ?? Number.NaN),
        mb(m.heapGrowth),
        undefined,
        1,
        false,
      );
    }
    for (const [i, m] of memory.entries()) {
      const f = floorMemory[i];
      row(`peak process-tree RSS growth, ${m.label} stream (MB)`, mb(f?.rssGrowth ?? Number.NaN), mb(m.rssGrowth), undefined, 1);
    }
    row("cache miss p50, upstream ~200 ms (ms)", floorSlow.p50, slowCache.misses.p50);
    row("cache hit p50, upstream ~200 ms (ms)", floorSlow.p50, slowCache.hits.p50);
    row("cache miss p50, instant upstream (ms)", floorInstant.p50, instantCache.misses.p50);
    row("cache hit p50, instant upstream (ms)", floorInstant.p50, instantCache.hits.p50);
    row("cache hit p99, instant upstream (ms)", floorInstant.p99, instantCache.hits.p99);

    const header = ["measure", "floor", "gateway", "added", "ratio", ...(peer ? [peer.name, "ratio"] : [])];
    console.log(
      `\nedge-ai-gateway benchmark — ${new Date().toISOString()}, Node ${process.version}, ${REQUESTS} requests per latency figure, all on loopback\n` +
        "floor: a pass-through Worker (bench/floor-worker.ts) under wrangler dev, like the gateway; ratios are gateway/floor" +
        (peer ? ` and ${peer.name}/floor` : "") +
        "\n",
    );
    console.log(table(header, rows));
    const errorsOf = (r: TargetResults) => r.completionErrors + r.throughput.errors + r.streamErrors;
    console.log(
      `\nerrors: floor ${errorsOf(fr)}, gateway ${errorsOf(gr)}${pr ? `, ${peer?.name} ${errorsOf(pr)}` : ""}; ` +
        `10 MB streams completed: floor ${bigFloor.completed}/${BIG_STREAMS}, gateway ${bigGateway.completed}/${BIG_STREAMS}` +
        `${peer ? `, ${peer.name} ${peer.big.completed}/${BIG_STREAMS}` : ""}; cache runs with errors: ${slowCache.errors + instantCache.errors}`,
    );
    console.log(
      `Worker CPU: ${fr.cpu.worker}${pr ? ` (${peer?.name}: ${pr.cpu.worker})` : ""}, from /proc before and after the batch; ` +
        "under wrangler dev that process also runs miniflare's KV and Durable Object simulation, so the gateway's figure includes its storage. " +
        "process tree: every process below the target's root (wrangler, its proxy workerd, esbuild, the Worker's workerd).",
    );
    if (peer) console.log(`peer: ${peer.note}`);
    const delivered = (ms: typeof memory) =>
      ms.map((m) => `${fmt(mb(m.delivered), 1)} MB${m.complete ? "" : ` INCOMPLETE (${m.error ?? "no [DONE]"})`}`).join(", ");
    console.log(
      `memory: after each stream the gateway's retained heap is ${memory.map((m) => `${fmt(mb(m.heapAfter), 1)} MB`).join(", ")} over idle; ` +
        `delivered: floor ${delivered(floorMemory)}; gateway ${delivered(memory)}`,
    );

    console.log(
      `\n${table(
        ["gateway, logging on vs off (LOG_REQUESTS=false)", "on", "off", "ratio"],
        (["p50", "p99"] as const).map((q) => [
          `non-stream latency ${q} (ms)`,
          fmt(gr.completion[q]),
          fmt(loggingOff[q]),
          ratio(gr.completion[q], loggingOff[q]),
        ]),
      )}`,
    );

    printOperations(operations);

    if (args.json) {
      const results = {
        at: new Date().toISOString(),
        node: process.version,
        requests: REQUESTS,
        floor: floorResults,
        gateway: gatewayResults,
        peer,
        bigStreams: { count: BIG_STREAMS, floor: bigFloor, gateway: bigGateway },
        memory: { floor: floorMemory, gateway: memory },
        cache: { upstream200ms: slowCache, instant: instantCache, floorUpstream200ms: floorSlow },
        loggingOff,
        operations,
        prices: PRICES_NOTE,
      };
      writeFileSync(args.json, JSON.stringify(results, null, 2));
      console.log(`\nwrote ${args.json}`);
    }
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
