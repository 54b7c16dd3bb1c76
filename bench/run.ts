/**
 * `npm run bench [-- --peer portkey] [--json FILE] [--requests N] [--pause-ms P] [--seconds S]
 *  [--concurrency C] [--big-streams N] [--long-streams N] [--event-rounds N] [--ops-requests N] [--max-minutes M]
 *  [--only ops|latency|streams]`
 *
 * Starts a loopback upstream speaking OpenAI's wire format (the faux provider's server: latency,
 * chunk count and gaps chosen per scenario by model name) and, each under `wrangler dev`:
 * - the floor: a pass-through Worker (bench/floor-worker.ts), with two stream floors: the native
 *   pipe and a body read in JavaScript (`x-bench-floor: js-read`);
 * - the gateway in the production-like topology (test/support/split-topology.ts): its Durable
 *   Objects in a second process, as on Cloudflare, never on the Worker's thread;
 * - the gateway in one process, as `npm run dev` runs it (objects on the Worker's thread);
 * - the gateway behind counting wrappers (bench/counting-worker.js) for its billable operations;
 * then optionally the peer (Portkey from npm), and prints floor / gateway / peer figures and ratios
 * from one run. Loopback only; every loop is bounded in count and time; everything started is stopped.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startLoopbackUpstream } from "../test/support/loopback-upstream.ts";
import { startSplitGateway } from "../test/support/split-topology.ts";
import { startGateway } from "../test/support/wrangler-dev.ts";
import { completionLatency } from "./client.ts";
import { untilIdle, wranglerDevCpuSource } from "./cpu.ts";
import { floorTargets, startFloor } from "./floor-target.ts";
import { gatewayTarget, SCENARIOS, telemetryTarget, uncached } from "./gateway-target.ts";
import {
  bigStreams,
  cacheLatency,
  cpuPairPerRequest,
  cpuPerRequest,
  interleavedEventCpu,
  interleavedFirstContent,
  interleavedLatency,
  measureStreams,
  memoryOf,
  repeat,
  throughputOf,
  valid,
} from "./measure.ts";
import { startCountingGateway } from "./ops.ts";
import { countOperations, printOperations } from "./ops-report.ts";
import { startBenchCollector } from "./otlp-collector.ts";
import { startPortkey } from "./portkey.ts";
import { type BenchResults, printLatencyOnly, printResults, printStreamsOnly } from "./report.ts";
import { distribution } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    peer: { type: "string" },
    json: { type: "string" },
    requests: { type: "string", default: "200" },
    /** The pause after each request in the spaced latency loop (a developer's requests, one at a time). */
    "pause-ms": { type: "string", default: "60" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    "big-streams": { type: "string", default: "20" },
    /** Rounds of alternating batches (4 × 1,000-event streams each) for per-event CPU against the JS-reading floor. */
    "event-rounds": { type: "string", default: "16" },
    "long-streams": { type: "string", default: "10" },
    "ops-requests": { type: "string", default: "20" },
    "max-minutes": { type: "string", default: "20" },
    /** `ops`: only the billable-operations tables; `latency`: only the non-stream latency of both topologies; `streams`: only streams against both floors. */
    only: { type: "string" },
  },
});
const sizes = {
  requests: Number(args.requests),
  longStreams: Number(args["long-streams"]),
  concurrency: Number(args.concurrency),
  throughputMs: Number(args.seconds) * 1000,
};
const PAUSE_MS = Number(args["pause-ms"]);
const BIG_STREAMS = Number(args["big-streams"]);
const EVENT_ROUNDS = Number(args["event-rounds"]);
const BIG_STREAMS_TIMEOUT_MS = 150_000;
const ADMIN_TOKEN = "bench-admin-token";

const started = Date.now();
let step = 0;
const TOTAL_STEPS = 10;
const progress = (what: string) => console.error(`[${++step}/${TOTAL_STEPS}] ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

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

/** Stops one thing now instead of at the end. */
async function stopNow(stop: () => Promise<void> | void) {
  const at = stops.indexOf(stop);
  if (at >= 0) stops.splice(at, 1);
  await stop();
}

async function startTargets(upstreamBaseUrl: string) {
  const [floor, split, single, splitUnlogged] = await Promise.all([
    startFloor(upstreamBaseUrl, ADMIN_TOKEN),
    // Loopback allowed: the telemetry target's exporter posts to the bench's collector on this machine.
    startSplitGateway({ adminToken: ADMIN_TOKEN, extraVars: ["--var", "WEBHOOK_ALLOW_LOOPBACK:true"] }),
    startGateway({ adminToken: ADMIN_TOKEN }),
    // The same production-like gateway with request logging off: no call to a record object, for what that call costs.
    startSplitGateway({ adminToken: ADMIN_TOKEN, extraVars: ["--var", "LOG_REQUESTS:false"] }),
  ]);
  stops.push(floor.stop, split.stop, single.stop, splitUnlogged.stop);
  const floorTarget = floorTargets(floor.url);
  const cpuOf = (running: { pid: number; url: string }) => wranglerDevCpuSource(running.pid, Number(new URL(running.url).port));
  return {
    floor: { running: floor, target: floorTarget.native, cpu: cpuOf(floor) },
    floorJs: floorTarget.jsRead,
    split: {
      running: split,
      target: await gatewayTarget(split, upstreamBaseUrl, "gateway, production-like"),
      cpu: { ...cpuOf(split), objectsRootPid: split.objects.pid },
    },
    single: { running: single, target: await gatewayTarget(single, upstreamBaseUrl, "gateway, one process"), cpu: cpuOf(single) },
    // On the workflow without a cache window: neither a KV read nor write, nor a record call.
    bare: {
      running: splitUnlogged,
      target: { ...(await gatewayTarget(splitUnlogged, upstreamBaseUrl, "gateway, no cache, no record")), model: uncached },
      cpu: { ...cpuOf(splitUnlogged), objectsRootPid: splitUnlogged.objects.pid },
    },
  };
}

async function main() {
  const upstream = await startLoopbackUpstream();
  stops.push(() => upstream.close());
  try {
    if (args.only === "ops") {
      const counting = await startCountingGateway(ADMIN_TOKEN);
      stops.push(counting.stop);
      printOperations(await countOperations(counting, upstream.baseUrl, Number(args["ops-requests"])));
      return;
    }
    progress("starting the floor, the gateway with its objects in a second process (production-like) and in one process, and the upstream");
    const { floor, floorJs, split, single, bare } = await startTargets(upstream.baseUrl);
    // The production-like gateway again, on a workflow without a cache window: what the cache lookup adds.
    const splitUncached = { ...split, target: { ...split.target, name: "gateway, no cache", model: uncached } };
    // The production-like gateway again, for a tenant exporting every request's spans to a loopback collector.
    const collector = await startBenchCollector();
    stops.push(collector.close);
    const splitTelemetry = { ...split, target: await telemetryTarget(split.running, upstream.baseUrl, collector.endpoint) };
    const four = [floor, split, single, splitUncached];

    if (args.only === "streams") {
      const floorStreams = await measureStreams(floor.target, floor.cpu, sizes);
      const jsStreams = await measureStreams(floorJs, floor.cpu, sizes);
      const gatewayStreams = await measureStreams(split.target, split.cpu, sizes);
      const eventCpu = await interleavedEventCpu({ target: floorJs, cpu: floor.cpu }, split, EVENT_ROUNDS);
      const burstEventCpu = await interleavedEventCpu({ target: floorJs, cpu: floor.cpu }, split, EVENT_ROUNDS, SCENARIOS.burst);
      printStreamsOnly({ floor: floorStreams, floorJs: jsStreams, gateway: gatewayStreams }, eventCpu, burstEventCpu);
      return;
    }
    progress(`non-stream latency, ${sizes.requests} interleaved rounds back-to-back, then with a ${PAUSE_MS} ms pause after each request`);
    const backToBack = await interleavedLatency(
      four.map((t) => t.target),
      sizes.requests,
      0,
    );
    const spaced = await interleavedLatency(
      four.map((t) => t.target),
      sizes.requests,
      PAUSE_MS,
    );
    const [floorFirst, floorJsFirst, gatewayFirst, uncachedFirst] = await interleavedFirstContent(
      [floor.target, floorJs, split.target, splitUncached.target],
      Math.max(50, sizes.requests / 2),
    );
    // Export on against off as a pair of its own: each follows a request to the same Worker, so neither is favoured by its place in a round.
    const telemetryPair = [split.target, splitTelemetry.target];
    const telemetry = {
      backToBack: await interleavedLatency(telemetryPair, sizes.requests, 0),
      spaced: await interleavedLatency(telemetryPair, sizes.requests, PAUSE_MS),
    };
    progress("CPU per non-stream request, each target alone");
    const cpu = {
      floor: await cpuPerRequest(floor.target, floor.cpu, sizes.requests),
      gateway: await cpuPerRequest(split.target, split.cpu, sizes.requests),
      single: await cpuPerRequest(single.target, single.cpu, sizes.requests),
      uncached: await cpuPerRequest(splitUncached.target, split.cpu, sizes.requests),
      bare: await cpuPerRequest(bare.target, bare.cpu, sizes.requests),
      telemetry: await cpuPairPerRequest(split.target, splitTelemetry.target, split.cpu, sizes.requests),
    };
    await stopNow(bare.running.stop);
    const exported = await collector.counts();
    if (args.only === "latency") {
      printLatencyOnly({ backToBack, spaced, cpu, pauseMs: PAUSE_MS, requests: sizes.requests, telemetry, exported });
      return;
    }

    progress(`streams (first byte, gaps, CPU per event) on both floors and the gateway; throughput at ${sizes.concurrency} concurrent`);
    const streams = {
      floor: await measureStreams(floor.target, floor.cpu, sizes),
      floorJs: await measureStreams(floorJs, floor.cpu, sizes),
      gateway: await measureStreams(split.target, split.cpu, sizes),
    };
    const eventCpu = await interleavedEventCpu({ target: floorJs, cpu: floor.cpu }, split, EVENT_ROUNDS);
    const burstEventCpu = await interleavedEventCpu({ target: floorJs, cpu: floor.cpu }, split, EVENT_ROUNDS, SCENARIOS.burst);
    const throughputs = { floor: await throughputOf(floor.target, sizes), gateway: await throughputOf(split.target, sizes) };
    // The objects' process catches up on the burst's records before anything else is timed.
    await untilIdle(split.cpu);

    progress(`${BIG_STREAMS} concurrent 10 MB streams: native floor, JavaScript-reading floor, gateway`);
    const big = {
      floor: await bigStreams(floor.target, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS),
      floorJs: await bigStreams(floorJs, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS),
      gateway: await bigStreams(split.target, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS),
    };

    progress("memory: retained Worker heap and process-tree RSS, 90% into 1, 10 and 30 MB streams (floor, gateway)");
    const memory = { floor: await memoryOf(floor.running, floor.target), gateway: await memoryOf(split.running, split.target) };

    progress("cache: miss vs hit, upstream ~200 ms and instant (floor: the same requests, never cached)");
    const cache = {
      slow: await cacheLatency(split.target, SCENARIOS.cached),
      instant: await cacheLatency(split.target, SCENARIOS.completion),
      floorSlow: distribution(valid(await repeat(20, () => completionLatency(floor.target, SCENARIOS.cached)))),
    };
    for (const { running } of [floor, split, single]) await stopNow(running.stop);

    progress("billable operations: the gateway behind counting wrappers (bench/counting-worker.js), per scenario");
    const counting = await startCountingGateway(ADMIN_TOKEN);
    stops.push(counting.stop);
    const operations = await countOperations(counting, upstream.baseUrl, Number(args["ops-requests"]));
    await stopNow(counting.stop);

    let peer: BenchResults["peer"] = null;
    if (args.peer === "portkey") {
      progress("peer: Portkey's gateway from npm (a Node server), same upstream, same workload");
      const portkey = await startPortkey(upstream.baseUrl);
      stops.push(portkey.stop);
      const cpu = { rootPid: portkey.pid, workerPids: [portkey.pid], workerLabel: "the Node server process" };
      const [latency] = await interleavedLatency([portkey.target], sizes.requests, 0);
      const [latencySpaced] = await interleavedLatency([portkey.target], sizes.requests, PAUSE_MS);
      const [first] = await interleavedFirstContent([portkey.target], Math.max(50, sizes.requests / 2));
      peer = {
        name: "portkey",
        latency: latency ?? null,
        latencySpaced: latencySpaced ?? null,
        cpu: await cpuPerRequest(portkey.target, cpu, sizes.requests),
        first: first ?? null,
        throughput: await throughputOf(portkey.target, sizes),
        streams: await measureStreams(portkey.target, cpu, sizes),
        big: await bigStreams(portkey.target, BIG_STREAMS, BIG_STREAMS_TIMEOUT_MS),
      };
    } else step++;

    progress("done");
    const results: BenchResults = {
      at: new Date().toISOString(),
      node: process.version,
      sizes,
      pauseMs: PAUSE_MS,
      bigStreamsCount: BIG_STREAMS,
      backToBack,
      spaced,
      cpu,
      telemetry,
      exported,
      first: { floor: floorFirst, floorJs: floorJsFirst, gateway: gatewayFirst, uncached: uncachedFirst },
      throughputs,
      streams,
      eventCpu,
      burstEventCpu,
      big,
      memory,
      cache,
      peer,
    };
    printResults(results);
    printOperations(operations);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ ...results, operations }, null, 2));
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
