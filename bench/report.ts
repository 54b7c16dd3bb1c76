/** Prints the benchmark's figures: the production-like topology against the floor, both stream floors, one process, goals. */
import type { concurrentStreams, throughput } from "./client.ts";
import { STREAM_GAP_MS } from "./gateway-target.ts";
import type {
  CpuPerRequest,
  cacheLatency,
  EventCpuPair,
  FirstContent,
  LatencyResults,
  memoryOf,
  StreamResults,
  WorkloadSizes,
} from "./measure.ts";
import type { CollectorCounts } from "./otlp-collector.ts";
import { PORTKEY_RUNTIME_NOTE } from "./portkey.ts";
import { type Distribution, fmt, table } from "./stats.ts";

type Big = Awaited<ReturnType<typeof concurrentStreams>>;
type Throughput = Awaited<ReturnType<typeof throughput>>;
type Memory = Awaited<ReturnType<typeof memoryOf>>;

/** Latency results are in target order: floor, gateway (production-like), gateway (one process), production-like without cache. */
type Trio = LatencyResults[];
/** Latency of the production-like gateway with export off, then on, interleaved as a pair. */
interface TelemetryPair {
  backToBack: LatencyResults[];
  spaced: LatencyResults[];
}
interface CpuByTopology {
  floor: CpuPerRequest;
  gateway: CpuPerRequest;
  single: CpuPerRequest;
  /** The production-like gateway on a workflow without a cache window (no KV read or write). */
  uncached: CpuPerRequest;
  /** The same without a cache window and with request logging off: no KV, no record object call. */
  bare: CpuPerRequest;
  /** The production-like gateway with export off and on, in alternating batches (median batch). */
  telemetry: { off: CpuPerRequest; on: CpuPerRequest };
}

export interface BenchResults {
  at: string;
  node: string;
  sizes: WorkloadSizes;
  pauseMs: number;
  bigStreamsCount: number;
  backToBack: Trio;
  spaced: Trio;
  /** Per non-stream request, each target measured alone. */
  cpu: CpuByTopology;
  /** What the bench's OTLP collector received by the end of the CPU figures (the export-on target's spans). */
  exported: CollectorCounts;
  /** Export off and on (the production-like gateway), interleaved as a pair: back-to-back and with pauses. */
  telemetry: TelemetryPair;
  /** First byte and content of streams, interleaved over the floors and the gateway. */
  first: { floor?: FirstContent; floorJs?: FirstContent; gateway?: FirstContent; uncached?: FirstContent };
  throughputs: { floor: Throughput; gateway: Throughput };
  streams: { floor: StreamResults; floorJs: StreamResults; gateway: StreamResults };
  /** Per-event CPU of the JavaScript-reading floor and the gateway in alternating batches (the per-event goal's figure). */
  eventCpu: EventCpuPair;
  /** The same with the upstream sending 10 events per network write. */
  burstEventCpu: EventCpuPair;
  big: { floor: Big; floorJs: Big; gateway: Big };
  memory: { floor: Memory; gateway: Memory };
  cache: { slow: Awaited<ReturnType<typeof cacheLatency>>; instant: Awaited<ReturnType<typeof cacheLatency>>; floorSlow: Distribution };
  peer: {
    name: string;
    latency: LatencyResults | null;
    latencySpaced: LatencyResults | null;
    cpu: CpuPerRequest;
    first: FirstContent | null;
    throughput: Throughput;
    streams: StreamResults;
    big: Big;
  } | null;
}

const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b)}×` : "–");
const NO_LATENCY: LatencyResults = { completion: { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, n: 0 }, errors: 0 };
const trio = (t: Trio) => ({
  floor: t[0] ?? NO_LATENCY,
  split: t[1] ?? NO_LATENCY,
  single: t[2] ?? NO_LATENCY,
  splitUncached: t[3] ?? NO_LATENCY,
});
const mb = (bytes: number) => bytes / 1024 / 1024;

/** Rows of floor / gateway / added / ratio (and the peer's figure and ratio when there is one). */
function rowsAgainstFloor(hasPeer: boolean) {
  const rows: string[][] = [];
  const add = (label: string, f: number, g: number, p?: number, digits = 2, ratios = true) => {
    const r = (a: number) => (ratios ? ratio(a, f) : "–");
    rows.push([
      label,
      fmt(f, digits),
      fmt(g, digits),
      fmt(g - f, digits),
      r(g),
      ...(hasPeer ? [fmt(p ?? Number.NaN, digits), r(p ?? Number.NaN)] : []),
    ]);
  };
  return { rows, add };
}

/** The non-stream latency of both topologies (also `--only latency`). */
function oneProcessTable(backToBack: Trio, spaced: Trio, cpu: CpuByTopology, pauseMs: number): string {
  const b = trio(backToBack);
  const s = trio(spaced);
  const rows: string[][] = [];
  const add = (label: string, f: number, one: number, split: number, uncachedSplit: number, digits = 2) =>
    rows.push([
      label,
      fmt(f, digits),
      fmt(one, digits),
      fmt(one - f, digits),
      fmt(split, digits),
      fmt(split - f, digits),
      fmt(uncachedSplit - f, digits),
    ]);
  for (const q of ["p50", "p99"] as const)
    add(
      `back-to-back, latency ${q} (ms)`,
      b.floor.completion[q],
      b.single.completion[q],
      b.split.completion[q],
      b.splitUncached.completion[q],
    );
  for (const q of ["p50", "p99"] as const)
    add(
      `${pauseMs} ms pause after each, latency ${q} (ms)`,
      s.floor.completion[q],
      s.single.completion[q],
      s.split.completion[q],
      s.splitUncached.completion[q],
    );
  add("Worker process CPU per request (ms)", cpu.floor.workerMs, cpu.single.workerMs, cpu.gateway.workerMs, cpu.uncached.workerMs, 3);
  // The objects' process has no floor: its "added" columns are the figure itself.
  add("objects' process CPU per request (ms)", 0, Number.NaN, cpu.gateway.objectsMs, cpu.uncached.objectsMs, 3);
  return table(["non-stream request, by topology", "floor", "one process", "added", "production-like", "added", "added, no cache"], rows);
}

/**
 * The production-like gateway's Worker-process CPU, built up by what a request does: the gateway's
 * own work, then its record object call, then its cache's KV read and write. Locally both calls
 * run simulation on the Worker's process (miniflare's KV, a proxy object per record for the call
 * to the objects' process); on Cloudflare each is a subrequest to a platform service.
 */
function cpuPartsTable(cpu: CpuByTopology): string {
  const rows: string[][] = [];
  const add = (label: string, ms: number, previous: number | null) =>
    rows.push([label, fmt(ms, 3), fmt(ms - cpu.floor.workerMs, 3), previous === null ? "–" : fmt(ms - previous, 3)]);
  add("floor: pass-through Worker", cpu.floor.workerMs, null);
  add("gateway, no cache, logging off (its own work)", cpu.bare.workerMs, cpu.floor.workerMs);
  add("+ the record object call (logging on, no cache)", cpu.uncached.workerMs, cpu.bare.workerMs);
  add("+ the cache's KV read and write (as benchmarked)", cpu.gateway.workerMs, cpu.uncached.workerMs);
  return table(["production-like Worker process CPU per request", "ms", "over the floor", "this step"], rows);
}

/** Streams against both floors: the native pipe and a body read in JavaScript (the per-event goal's floor). */
function streamsTable(
  streams: BenchResults["streams"],
  eventCpu: EventCpuPair,
  burstEventCpu: EventCpuPair,
  big?: BenchResults["big"],
): string {
  const { floor: fs, floorJs: fj, gateway: gs } = streams;
  const jsRows: string[][] = [];
  const addJs = (label: string, native: number, js: number, g: number, digits = 2) =>
    jsRows.push([label, fmt(native, digits), fmt(js, digits), fmt(g, digits), fmt(g - js, digits), ratio(g, js)]);
  addJs("stream first content p50, back-to-back (ms)", fs.firstContent.p50, fj.firstContent.p50, gs.firstContent.p50);
  addJs("stream first content p99, back-to-back (ms)", fs.firstContent.p99, fj.firstContent.p99, gs.firstContent.p99);
  addJs("inter-chunk gap median (ms)", fs.gapMedianMs, fj.gapMedianMs, gs.gapMedianMs);
  addJs("Worker CPU per streamed event (µs)", fs.cpu.eventWorkerMs * 1000, fj.cpu.eventWorkerMs * 1000, gs.cpu.eventWorkerMs * 1000, 1);
  addJs(
    "Worker CPU per event beyond 20 (µs)",
    fs.cpu.marginalEventWorkerMs * 1000,
    fj.cpu.marginalEventWorkerMs * 1000,
    gs.cpu.marginalEventWorkerMs * 1000,
    1,
  );
  const addPair = (label: string, pair: EventCpuPair) =>
    jsRows.push([
      `${label} (µs; median of ${pair.rounds} rounds)`,
      "–",
      fmt(pair.baseUs, 1),
      fmt(pair.otherUs, 1),
      fmt(pair.otherUs - pair.baseUs, 1),
      `${fmt(pair.medianRatio)}×`,
    ]);
  addPair("Worker CPU per event, alternating batches", eventCpu);
  addPair("… upstream sending 10 events per write", burstEventCpu);
  if (big) addJs("concurrent 10 MB streams, wall time (s)", big.floor.wallMs / 1000, big.floorJs.wallMs / 1000, big.gateway.wallMs / 1000);
  return table(["streams, against both floors", "native floor", "JS-reading floor", "gateway", "added (JS)", "ratio (JS)"], jsRows);
}

export function printStreamsOnly(streams: BenchResults["streams"], eventCpu: EventCpuPair, burstEventCpu: EventCpuPair) {
  console.log(`\n${streamsTable(streams, eventCpu, burstEventCpu)}`);
}

/** Telemetry export on against the same production-like gateway with export off (issue #29's goal: no latency, ≤ 0.2 ms CPU). */
function telemetryTable({ backToBack, spaced }: TelemetryPair, cpu: CpuByTopology, pauseMs: number, exported: CollectorCounts): string {
  const b = { split: backToBack[0] ?? NO_LATENCY, splitTelemetry: backToBack[1] ?? NO_LATENCY };
  const s = { split: spaced[0] ?? NO_LATENCY, splitTelemetry: spaced[1] ?? NO_LATENCY };
  const rows: string[][] = [];
  const add = (label: string, off: number, on: number, digits = 2) =>
    rows.push([label, fmt(off, digits), fmt(on, digits), fmt(on - off, digits), ratio(on, off)]);
  for (const q of ["p50", "p99"] as const) add(`back-to-back, latency ${q} (ms)`, b.split.completion[q], b.splitTelemetry.completion[q]);
  for (const q of ["p50", "p99"] as const)
    add(`${pauseMs} ms pause after each, latency ${q} (ms)`, s.split.completion[q], s.splitTelemetry.completion[q]);
  add("Worker process CPU per request (ms)", cpu.telemetry.off.workerMs, cpu.telemetry.on.workerMs, 3);
  add("objects' process CPU per request (ms)", cpu.telemetry.off.objectsMs, cpu.telemetry.on.objectsMs, 3);
  const note =
    `collector received ${exported.exports} exports (${fmt(exported.bytes / Math.max(1, exported.exports), 0)} bytes each, ` +
    `${exported.contentTypes.join(", ") || "none"}); export-on errors: ${b.splitTelemetry.errors + s.splitTelemetry.errors}`;
  return `${table(["telemetry export (production-like)", "export off", "export on", "added", "ratio"], rows)}\n${note}`;
}

export function printLatencyOnly(r: {
  backToBack: Trio;
  spaced: Trio;
  cpu: CpuByTopology;
  pauseMs: number;
  requests: number;
  telemetry: TelemetryPair;
  exported: CollectorCounts;
}) {
  console.log(`\n${r.requests} interleaved rounds per figure, loopback; added = gateway − floor\n`);
  console.log(oneProcessTable(r.backToBack, r.spaced, r.cpu, r.pauseMs));
  console.log(`\n${cpuPartsTable(r.cpu)}`);
  console.log(`\n${telemetryTable(r.telemetry, r.cpu, r.pauseMs, r.exported)}`);
}

export function printResults(r: BenchResults) {
  const peer = r.peer;
  const { rows, add } = rowsAgainstFloor(peer !== null);
  const b = trio(r.backToBack);
  const s = trio(r.spaced);
  const [fs, gs, ps] = [r.streams.floor, r.streams.gateway, peer?.streams];
  const fj = r.streams.floorJs;
  for (const q of ["p50", "p90", "p99"] as const)
    add(`non-stream latency ${q} (ms)`, b.floor.completion[q], b.split.completion[q], peer?.latency?.completion[q]);
  for (const q of ["p50", "p99"] as const)
    add(
      `non-stream latency ${q}, ${r.pauseMs} ms pauses (ms)`,
      s.floor.completion[q],
      s.split.completion[q],
      peer?.latencySpaced?.completion[q],
    );
  add(
    `throughput (req/s, ${r.sizes.concurrency} concurrent, ${r.sizes.throughputMs / 1000} s)`,
    r.throughputs.floor.requestsPerSecond,
    r.throughputs.gateway.requestsPerSecond,
    peer?.throughput.requestsPerSecond,
  );
  add("Worker CPU per non-stream request (ms)", r.cpu.floor.workerMs, r.cpu.gateway.workerMs, peer?.cpu.workerMs, 3);
  add("objects' process CPU per non-stream request (ms)", 0, r.cpu.gateway.objectsMs, undefined, 3, false);
  add("process-tree CPU per non-stream request (ms)", r.cpu.floor.treeMs, r.cpu.gateway.treeMs, peer?.cpu.treeMs, 3);
  const nan = Number.NaN;
  const first = r.first;
  for (const q of ["p50", "p99"] as const)
    add(`stream first byte ${q} (ms)`, first.floor?.firstByte[q] ?? nan, first.gateway?.firstByte[q] ?? nan, peer?.first?.firstByte[q]);
  for (const q of ["p50", "p99"] as const)
    add(
      `stream first content ${q} (ms)`,
      first.floor?.firstContent[q] ?? nan,
      first.gateway?.firstContent[q] ?? nan,
      peer?.first?.firstContent[q],
    );
  add(`inter-chunk gap median (ms; upstream ${STREAM_GAP_MS})`, fs.gapMedianMs, gs.gapMedianMs, ps?.gapMedianMs);
  add("inter-chunk gap p90 (ms)", fs.gapP90Ms, gs.gapP90Ms, ps?.gapP90Ms);
  add("Worker CPU per 20-event stream (ms)", fs.cpu.streamWorkerMs, gs.cpu.streamWorkerMs, ps?.cpu.streamWorkerMs, 3);
  add(
    "Worker CPU per streamed event (µs)",
    fs.cpu.eventWorkerMs * 1000,
    gs.cpu.eventWorkerMs * 1000,
    (ps?.cpu.eventWorkerMs ?? Number.NaN) * 1000,
    1,
  );
  add(
    `${r.bigStreamsCount} concurrent 10 MB streams, wall time (s)`,
    r.big.floor.wallMs / 1000,
    r.big.gateway.wallMs / 1000,
    peer ? peer.big.wallMs / 1000 : undefined,
  );
  for (const [i, m] of r.memory.gateway.entries())
    add(
      `retained Worker heap 90% into ${m.label} (MB over idle)`,
      mb(r.memory.floor[i]?.heapGrowth ?? Number.NaN),
      mb(m.heapGrowth),
      undefined,
      1,
      false,
    );
  for (const [i, m] of r.memory.gateway.entries())
    add(
      `peak Worker process-tree RSS growth, ${m.label} stream (MB)`,
      mb(r.memory.floor[i]?.rssGrowth ?? Number.NaN),
      mb(m.rssGrowth),
      undefined,
      1,
    );
  add("cache miss p50, upstream ~200 ms (ms)", r.cache.floorSlow.p50, r.cache.slow.misses.p50);
  add("cache hit p50, upstream ~200 ms (ms)", r.cache.floorSlow.p50, r.cache.slow.hits.p50);
  add("cache miss p50, instant upstream (ms)", b.floor.completion.p50, r.cache.instant.misses.p50);
  add("cache hit p50, instant upstream (ms)", b.floor.completion.p50, r.cache.instant.hits.p50);

  console.log(
    `\nedge-ai-gateway benchmark — ${r.at}, Node ${r.node}, ${r.sizes.requests} interleaved rounds per latency figure, all on loopback\n` +
      "Production-like topology: the gateway's Durable Objects run in a second wrangler dev process (as on Cloudflare, off the Worker's thread).\n" +
      "floor: a pass-through Worker (bench/floor-worker.ts) under wrangler dev, native pipe; ratios are gateway/floor" +
      (peer ? ` and ${peer.name}/floor` : "") +
      "\n",
  );
  console.log(table(["measure", "floor", "gateway", "added", "ratio", ...(peer ? [peer.name, "ratio"] : [])], rows));

  console.log(`\n${streamsTable(r.streams, r.eventCpu, r.burstEventCpu, r.big)}`);
  console.log(`\n${oneProcessTable(r.backToBack, r.spaced, r.cpu, r.pauseMs)}`);
  console.log(`\n${cpuPartsTable(r.cpu)}`);
  console.log(`\n${telemetryTable(r.telemetry, r.cpu, r.pauseMs, r.exported)}`);

  const goals: string[][] = [
    ["production-like: added latency p50, back-to-back", "≤ 1 ms", `${fmt(b.split.completion.p50 - b.floor.completion.p50)} ms`],
    ["production-like: added latency p99, back-to-back", "≤ 3 ms", `${fmt(b.split.completion.p99 - b.floor.completion.p99)} ms`],
    [
      "production-like: throughput vs floor",
      "≥ 80%",
      `${fmt((100 * r.throughputs.gateway.requestsPerSecond) / r.throughputs.floor.requestsPerSecond, 0)}%`,
    ],
    ["production-like: Worker CPU per request over the floor's", "≤ 1 ms", `${fmt(r.cpu.gateway.workerMs - r.cpu.floor.workerMs, 3)} ms`],
    ["… without the cache's KV and the record call (logging off)", "(shown)", `${fmt(r.cpu.bare.workerMs - r.cpu.floor.workerMs, 3)} ms`],
    ["one process: added latency p50 with pauses", "≤ 3 ms", `${fmt(s.single.completion.p50 - s.floor.completion.p50)} ms`],
    ["one process: added latency p50 back-to-back", "(shown)", `${fmt(b.single.completion.p50 - b.floor.completion.p50)} ms`],
    ["Worker CPU per event vs the JS-reading floor, alternating batches", "≤ 1.2×", `${fmt(r.eventCpu.medianRatio)}×`],
    ["… upstream sending 10 events per write", "≤ 1.2×", `${fmt(r.burstEventCpu.medianRatio)}×`],
    ["… one block of streams per target", "(shown)", ratio(gs.cpu.eventWorkerMs, fj.cpu.eventWorkerMs)],
    [
      "first content byte over the floor",
      "≤ 1 ms",
      `${fmt((first.gateway?.firstContent.p50 ?? nan) - (first.floor?.firstContent.p50 ?? nan))} ms (p50)`,
    ],
    [
      "… on a workflow without cache (no KV read before the upstream)",
      "(shown)",
      `${fmt((first.uncached?.firstContent.p50 ?? nan) - (first.floor?.firstContent.p50 ?? nan))} ms (p50)`,
    ],
    ["20 × 10 MB streams vs the JS-reading floor", "≤ 1.5×", ratio(r.big.gateway.wallMs, r.big.floorJs.wallMs)],
    [
      "telemetry export on: added latency p50, back-to-back (issue #29)",
      "≤ 0 ms (noise)",
      `${fmt((r.telemetry.backToBack[1]?.completion.p50 ?? nan) - (r.telemetry.backToBack[0]?.completion.p50 ?? nan))} ms`,
    ],
    [
      "telemetry export on: added Worker CPU per request (issue #29)",
      "≤ 0.2 ms",
      `${fmt(r.cpu.telemetry.on.workerMs - r.cpu.telemetry.off.workerMs, 3)} ms`,
    ],
  ];
  console.log(`\n${table(["goal (issue #25)", "target", "measured"], goals)}`);

  const errorsOf = (l: LatencyResults, t: Throughput, st: StreamResults) => l.errors + t.errors + st.streamErrors;
  console.log(
    `\nerrors: floor ${errorsOf(b.floor, r.throughputs.floor, fs)}, gateway ${errorsOf(b.split, r.throughputs.gateway, gs)}, ` +
      `gateway one process ${b.single.errors + s.single.errors}; 10 MB streams completed: floor ${r.big.floor.completed}, ` +
      `JS floor ${r.big.floorJs.completed}, gateway ${r.big.gateway.completed} of ${r.bigStreamsCount}; cache runs with errors: ${r.cache.slow.errors + r.cache.instant.errors}`,
  );
  console.log(
    `Worker CPU: ${r.cpu.floor.worker}, from /proc before and after each batch. In one process it also runs miniflare's KV and ` +
      "Durable Object simulation; in the production-like topology the objects' CPU is read from their own process. " +
      "process tree: every process below the Worker's wrangler (wrangler, its proxy workerd, the Worker's workerd).",
  );
  if (peer) console.log(`peer: ${PORTKEY_RUNTIME_NOTE}`);
  const delivered = (ms: Memory) =>
    ms.map((m) => `${fmt(mb(m.delivered), 1)} MB${m.complete ? "" : ` INCOMPLETE (${m.error ?? "no [DONE]"})`}`).join(", ");
  console.log(
    `memory: after each stream the gateway's retained heap is ${r.memory.gateway.map((m) => `${fmt(mb(m.heapAfter), 1)} MB`).join(", ")} over idle; ` +
      `delivered: floor ${delivered(r.memory.floor)}; gateway ${delivered(r.memory.gateway)}`,
  );
}
