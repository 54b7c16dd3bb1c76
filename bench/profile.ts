/**
 * `npm run bench:profile`: a CPU profile of the gateway Worker (V8's sampling profiler through
 * wrangler's inspector) while it serves non-streamed requests, printed as the functions with the
 * most self time. Finds where the gateway's added latency goes; loopback only, bounded.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startLoopbackUpstream } from "../test/support/loopback-upstream.ts";
import { startSplitGateway } from "../test/support/split-topology.ts";
import { startGateway } from "../test/support/wrangler-dev.ts";
import { completionLatency, streamTiming, type Target } from "./client.ts";
import { floorTargets, startFloor } from "./floor-target.ts";
import { gatewayTarget, SCENARIOS } from "./gateway-target.ts";
import { openInspector } from "./inspector.ts";
import { table } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "300" },
    top: { type: "string", default: "25" },
    /** `one-process`: as `npm run dev` runs it (objects on the Worker's thread); default: objects in their own process. */
    topology: { type: "string", default: "production-like" },
    /** `floor-js`: the JavaScript-reading floor (bench/floor-worker.ts) under the same profiler, to compare with (it has no objects: `--topology` does not apply). */
    target: { type: "string", default: "gateway" },
    /** `stream`: 1,000-event streams instead of non-streamed requests (per-event costs); `burst`: the same, 10 events per upstream write. */
    workload: { type: "string", default: "completion" },
    /** Also write the raw profile (Chrome DevTools' .cpuprofile format) to this file. */
    save: { type: "string" },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * Inclusive time per bundled function: each sample counts once for every function on its stack
 * (recursion counted once), so a stage's figure includes what it calls.
 */
function inclusiveHits(nodes: ProfileNode[], samples: number[], nameOf: (node: ProfileNode) => string): Map<string, number> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const out = new Map<string, number>();
  for (const sample of samples) {
    const seen = new Set<string>();
    for (let id: number | undefined = sample, hops = 0; id !== undefined && hops < 512; id = parent.get(id), hops++) {
      const node = byId.get(id);
      if (node?.callFrame.url) seen.add(nameOf(node));
    }
    for (const name of seen) out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}

async function main() {
  const upstream = await startLoopbackUpstream();
  const floor = args.target === "floor-js";
  const gateway = floor
    ? await startFloor(upstream.baseUrl, "bench-admin-token")
    : args.topology === "one-process"
      ? await startGateway({ adminToken: "bench-admin-token" })
      : await startSplitGateway({ adminToken: "bench-admin-token" });
  try {
    const target: Target = floor ? floorTargets(gateway.url).jsRead : await gatewayTarget(gateway, upstream.baseUrl, "gateway");
    const one =
      args.workload === "completion"
        ? () => completionLatency(target, SCENARIOS.completion)
        : () => streamTiming(target, args.workload === "burst" ? SCENARIOS.burst : SCENARIOS.long);
    for (let i = 0; i < 30; i++) await one();
    const inspector = await openInspector(gateway.inspectorPort);
    const send = inspector.send;
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 100 });
    await send("Profiler.start");
    const started = performance.now();
    const n = Number(args.requests);
    for (let i = 0; i < n; i++) await one();
    const wallMs = performance.now() - started;
    const { profile } = (await send("Profiler.stop")) as {
      profile: { nodes: ProfileNode[]; samples: number[]; startTime: number; endTime: number };
    };
    inspector.close();
    if (args.save) writeFileSync(args.save, JSON.stringify(profile));
    const sampleUs = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
    const self = new Map<string, number>();
    let total = 0;
    const nameOf = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
      `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      total += hits;
      const where = nameOf(node);
      self.set(where, (self.get(where) ?? 0) + hits);
    }
    const msPerRequest = (hits: number) => ((hits * sampleUs) / 1000 / n).toFixed(2);
    const sum = (match: (name: string) => boolean) => [...self.entries()].filter(([name]) => match(name)).reduce((a, [, v]) => a + v, 0);
    const idle = sum((name) => name.startsWith("(idle)"));
    // Bundled JS (the gateway, Hono, zod) has a script URL; native calls (storage, crypto, fetch) have none.
    const bundled = sum((name) => !name.includes(" :") && !name.startsWith("("));
    const native = sum((name) => name.includes(" :0") && !name.startsWith("("));
    // settle's self time is its call into the request's new Durable Object, which miniflare creates
    // (opening its SQLite file) synchronously on this thread: storage, not gateway code.
    const logObjectCall = sum((name) => /^settle\d* index\.js/.test(name));
    console.log(
      `\n${n} ${args.workload === "completion" ? "non-streamed requests" : "1,000-event streams"} in ${wallMs.toFixed(0)} ms (${(wallMs / n).toFixed(2)} ms each). Worker isolate time per request:`,
    );
    console.log(
      `  busy ${msPerRequest(total - idle)} ms = gateway JS (with Hono, zod) ${msPerRequest(bundled - logObjectCall)} + creating the log's Durable Object ${msPerRequest(logObjectCall)} + native calls (storage, crypto, I/O) ${msPerRequest(native)} + V8/GC/other ${msPerRequest(total - idle - bundled - native)}\n`,
    );
    const rows = [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(args.top))
      .map(([name, hits]) => [name, ((hits * sampleUs) / 1000 / n).toFixed(3), `${((100 * hits) / total).toFixed(1)}%`]);
    console.log(table(["function (self time)", "ms/request", "share"], rows));
    const inclusive = [...inclusiveHits(profile.nodes, profile.samples, nameOf).entries()]
      .filter(([name]) => name.includes("index.js"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(args.top))
      .map(([name, hits]) => [name, ((hits * sampleUs) / 1000 / n).toFixed(3), `${((100 * hits) / total).toFixed(1)}%`]);
    console.log(`\n${table(["bundled function (inclusive time: with what it calls)", "ms/request", "share"], inclusive)}`);
  } finally {
    await gateway.stop();
    await upstream.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
