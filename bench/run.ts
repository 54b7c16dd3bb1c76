/**
 * `npm run bench [-- --peer portkey] [--json FILE] [--requests N] [--seconds S]`
 *
 * Starts a loopback upstream speaking OpenAI's wire format (the faux provider's server: latency,
 * chunk count and gaps chosen per scenario by model name), the gateway under `wrangler dev`
 * (logging and cache on, as deployed), and measures direct vs through the gateway in one run.
 * Loopback only; every loop is bounded; everything started is stopped.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startLoopbackUpstream } from "../test/support/loopback-upstream.ts";
import { startGateway } from "../test/support/wrangler-dev.ts";
import { completionLatency, type StreamTiming, streamTiming, streamWithPause, type Target, throughput, uniquePrompt } from "./client.ts";
import { gatewayTarget, SCENARIOS, STREAM_GAP_MS } from "./gateway-target.ts";
import { openInspector } from "./inspector.ts";
import { peakRssDuring, retainedHeapBytes } from "./memory.ts";
import { startPortkey } from "./portkey.ts";
import { distribution, fmt, median, table } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    peer: { type: "string" },
    json: { type: "string" },
    requests: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
  },
});
const REQUESTS = Number(args.requests);
const THROUGHPUT_MS = Number(args.seconds) * 1000;
const CONCURRENCY = Number(args.concurrency);

const started = Date.now();
let step = 0;
const TOTAL_STEPS = 8;
const progress = (what: string) => console.error(`[${++step}/${TOTAL_STEPS}] ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

async function repeat<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}

const valid = (values: number[]) => values.filter((v) => Number.isFinite(v));

interface TargetResults {
  completion: ReturnType<typeof distribution>;
  completionErrors: number;
  firstByte: ReturnType<typeof distribution>;
  firstContent: ReturnType<typeof distribution>;
  gapMedianMs: number;
  gapP90Ms: number;
  throughput: Awaited<ReturnType<typeof throughput>>;
}

async function measure(target: Target): Promise<TargetResults> {
  await repeat(20, () => completionLatency(target, SCENARIOS.completion)); // warm-up: connections, isolates
  const latencies = await repeat(REQUESTS, () => completionLatency(target, SCENARIOS.completion));
  const streams: StreamTiming[] = await repeat(Math.max(20, REQUESTS / 4), () => streamTiming(target, SCENARIOS.stream));
  const gapped = await repeat(5, () => streamTiming(target, SCENARIOS.gaps));
  const gaps = gapped.flatMap((s) => s.gapsMs);
  return {
    completion: distribution(valid(latencies)),
    completionErrors: latencies.length - valid(latencies).length,
    firstByte: distribution(valid(streams.map((s) => s.firstByteMs))),
    firstContent: distribution(valid(streams.map((s) => s.firstContentMs))),
    gapMedianMs: median(gaps),
    gapP90Ms: distribution(gaps).p90,
    throughput: await throughput(target, SCENARIOS.completion, CONCURRENCY, THROUGHPUT_MS),
  };
}

async function main() {
  const upstream = await startLoopbackUpstream();
  const stops: Array<() => Promise<void> | void> = [() => upstream.close()];
  try {
    progress("starting the gateway (wrangler dev) and the loopback upstream");
    const gateway = await startGateway({ adminToken: "bench-admin-token" });
    stops.push(() => gateway.stop());
    const direct: Target = { name: "direct", baseUrl: upstream.baseUrl, headers: { authorization: "Bearer sk-upstream" }, model: (s) => s };
    const through = await gatewayTarget(gateway, upstream.baseUrl, "gateway");

    progress(`direct: ${REQUESTS} requests, streams, gaps, ${CONCURRENCY}-way throughput`);
    const directResults = await measure(direct);
    progress("through the gateway: the same workload");
    const gatewayResults = await measure(through);

    progress("memory: the Worker's retained heap and the process tree's RSS, 90% into 1, 10 and 30 MB streams");
    const inspector = await openInspector(gateway.inspectorPort);
    await streamTiming(through, SCENARIOS.small); // warm-up: first-use allocations are not the stream's
    const idleHeap = await retainedHeapBytes(inspector);
    const memory = [];
    for (const [label, scenario, size] of [
      ["1 MB", SCENARIOS.small, 1],
      ["10 MB", SCENARIOS.big, 10],
      ["30 MB", SCENARIOS.huge, 30],
    ] as const) {
      const rss = await peakRssDuring(gateway.pid, () =>
        streamWithPause(through, scenario, 0.9 * size * 1024 * 1024, () => retainedHeapBytes(inspector)),
      );
      memory.push({
        label,
        heapGrowth: (rss.result.measured ?? Number.NaN) - idleHeap,
        heapAfter: (await retainedHeapBytes(inspector)) - idleHeap,
        rssGrowth: rss.growth,
        delivered: rss.result.bytes,
        complete: rss.result.complete,
      });
    }
    inspector.close();

    progress("cache: miss vs hit latency");
    const misses = await repeat(20, () => completionLatency(through, SCENARIOS.cached));
    const hitPrompt = uniquePrompt();
    await completionLatency(through, SCENARIOS.cached, hitPrompt);
    await new Promise((r) => setTimeout(r, 300)); // the entry is written in the background
    const hits = await repeat(30, () => completionLatency(through, SCENARIOS.cached, hitPrompt));

    progress("logging off: a second gateway with LOG_REQUESTS=false, same non-streamed workload");
    const quiet = await startGateway({ adminToken: "bench-admin-token", extraArgs: ["--var", "LOG_REQUESTS:false"] });
    stops.push(() => quiet.stop());
    const quietTarget = await gatewayTarget(quiet, upstream.baseUrl, "gateway, logging off");
    await repeat(20, () => completionLatency(quietTarget, SCENARIOS.completion));
    const loggingOff = distribution(valid(await repeat(REQUESTS, () => completionLatency(quietTarget, SCENARIOS.completion))));

    let peer: { name: string; results: TargetResults } | null = null;
    if (args.peer === "portkey") {
      progress("peer: Portkey's gateway from npm, same upstream, same workload");
      const portkey = await startPortkey(upstream.baseUrl);
      stops.push(() => portkey.stop());
      peer = { name: "portkey", results: await measure(portkey.target) };
    } else step++;

    progress("done");
    const rows: string[][] = [];
    const ratio = (a: number, b: number) => `${fmt(a / b)}×`;
    const row = (label: string, d: number, g: number, p?: number) => {
      rows.push([label, fmt(d), fmt(g), fmt(g - d), ratio(g, d), ...(peer ? [fmt(p ?? Number.NaN), ratio(p ?? Number.NaN, d)] : [])]);
    };
    const pr = peer?.results;
    for (const q of ["p50", "p90", "p99"] as const)
      row(`non-stream latency ${q} (ms)`, directResults.completion[q], gatewayResults.completion[q], pr?.completion[q]);
    for (const q of ["p50", "p99"] as const)
      row(`stream first byte ${q} (ms)`, directResults.firstByte[q], gatewayResults.firstByte[q], pr?.firstByte[q]);
    for (const q of ["p50", "p99"] as const)
      row(`stream first content ${q} (ms)`, directResults.firstContent[q], gatewayResults.firstContent[q], pr?.firstContent[q]);
    row(`inter-chunk gap median (ms; upstream ${STREAM_GAP_MS})`, directResults.gapMedianMs, gatewayResults.gapMedianMs, pr?.gapMedianMs);
    row("inter-chunk gap p90 (ms)", directResults.gapP90Ms, gatewayResults.gapP90Ms, pr?.gapP90Ms);
    row(
      `throughput (req/s, ${CONCURRENCY} concurrent)`,
      directResults.throughput.requestsPerSecond,
      gatewayResults.throughput.requestsPerSecond,
      pr?.throughput.requestsPerSecond,
    );
    const header = ["measure", "direct", "gateway", "added", "ratio", ...(peer ? [peer.name, "ratio"] : [])];
    console.log(
      `\nedge-ai-gateway benchmark — ${new Date().toISOString()}, Node ${process.version}, ${REQUESTS} requests per latency figure\n`,
    );
    console.log(table(header, rows));
    const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
    const errors = `errors: direct ${directResults.completionErrors + directResults.throughput.errors}, gateway ${gatewayResults.completionErrors + gatewayResults.throughput.errors}${pr ? `, ${peer?.name} ${pr.completionErrors + pr.throughput.errors}` : ""}`;
    console.log(`\n${errors}`);
    console.log(
      table(
        ["gateway-only measure", "value", "compared with", "ratio / note"],
        [
          ...memory.map((m) => [
            `retained Worker heap 90% into ${m.label} (MB over idle)`,
            mb(m.heapGrowth),
            `after the stream ${mb(m.heapAfter)}; peak RSS growth ${mb(m.rssGrowth)}`,
            `delivered ${mb(m.delivered)} MB${m.complete ? "" : ", INCOMPLETE"}`,
          ]),
          [
            "cache hit latency p50 (ms)",
            fmt(median(valid(hits))),
            `miss p50 ${fmt(median(valid(misses)))} (upstream generates ~200 ms)`,
            ratio(median(valid(hits)), median(valid(misses))),
          ],
          [
            "non-stream p50, logging on (ms)",
            fmt(gatewayResults.completion.p50),
            `logging off ${fmt(loggingOff.p50)}`,
            ratio(gatewayResults.completion.p50, loggingOff.p50),
          ],
          [
            "non-stream p99, logging on (ms)",
            fmt(gatewayResults.completion.p99),
            `logging off ${fmt(loggingOff.p99)}`,
            ratio(gatewayResults.completion.p99, loggingOff.p99),
          ],
        ],
      ),
    );
    if (args.json) {
      const results = {
        at: new Date().toISOString(),
        node: process.version,
        requests: REQUESTS,
        direct: directResults,
        gateway: gatewayResults,
        peer,
        memory,
        cache: { hits: distribution(valid(hits)), misses: distribution(valid(misses)) },
        loggingOff,
      };
      writeFileSync(args.json, JSON.stringify(results, null, 2));
      console.log(`\nwrote ${args.json}`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
