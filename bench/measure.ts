/** The benchmark's workloads, each run against one target and returning figures (no printing). */
import type { RunningGateway } from "../test/support/wrangler-dev.ts";
import {
  completionLatency,
  concurrentStreams,
  type StreamTiming,
  streamTiming,
  streamWithPause,
  type Target,
  throughput,
} from "./client.ts";
import { type CpuSource, cpuDuring, untilIdle } from "./cpu.ts";
import { SCENARIOS } from "./gateway-target.ts";
import { openInspector } from "./inspector.ts";
import { peakRssDuring, retainedHeapBytes } from "./memory.ts";
import { type Distribution, distribution, median } from "./stats.ts";

export async function repeat<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const valid = (values: number[]) => values.filter((v) => Number.isFinite(v));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export interface WorkloadSizes {
  requests: number;
  longStreams: number;
  concurrency: number;
  throughputMs: number;
}

export interface LatencyResults {
  completion: Distribution;
  errors: number;
}

/**
 * Non-streamed latency of several targets, interleaved (one request to each in turn), so drift on
 * this shared machine affects them alike; after each round a pause of `pauseMs` (0: back-to-back)
 * leaves every thread idle before the next request.
 */
export async function interleavedLatency(targets: Target[], requests: number, pauseMs: number): Promise<LatencyResults[]> {
  for (const target of targets) await repeat(20, () => completionLatency(target, SCENARIOS.completion)); // warm-up
  const latencies: number[][] = targets.map(() => []);
  for (let i = 0; i < requests; i++) {
    for (const [t, target] of targets.entries()) {
      latencies[t]?.push(await completionLatency(target, SCENARIOS.completion));
      if (pauseMs > 0) await pause(pauseMs);
    }
  }
  return latencies.map((values) => ({ completion: distribution(valid(values)), errors: values.length - valid(values).length }));
}

export interface CpuPerRequest {
  worker: string;
  /** The Worker's process, its whole tree, the objects' process (production-like topology), per request. */
  workerMs: number;
  treeMs: number;
  objectsMs: number;
}

/** CPU per non-streamed request, from `requests` back-to-back requests to one target (its processes serve nothing else meanwhile). */
export async function cpuPerRequest(target: Target, cpu: CpuSource, requests: number): Promise<CpuPerRequest> {
  const { cpu: used } = await cpuDuring(cpu, () => repeat(requests, () => completionLatency(target, SCENARIOS.completion)));
  return {
    worker: cpu.workerLabel,
    workerMs: used.workerMs / requests,
    treeMs: used.treeMs / requests,
    objectsMs: used.objectsMs / requests,
  };
}

/**
 * CPU per request of two targets on the same processes, in alternating batches after each has gone
 * idle, the median batch of each: drift in a shared machine's load then falls on both alike.
 */
export async function cpuPairPerRequest(
  off: Target,
  on: Target,
  cpu: CpuSource,
  requests: number,
  batches = 4,
): Promise<{ off: CpuPerRequest; on: CpuPerRequest }> {
  const runs: { off: CpuPerRequest[]; on: CpuPerRequest[] } = { off: [], on: [] };
  const perBatch = Math.max(1, Math.round(requests / batches));
  for (let i = 0; i < batches; i++)
    for (const [side, target] of [
      ["off", off],
      ["on", on],
    ] as const) {
      await untilIdle(cpu);
      runs[side].push(await cpuPerRequest(target, cpu, perBatch));
    }
  const medianOf = (list: CpuPerRequest[]): CpuPerRequest => ({
    worker: list[0]?.worker ?? "",
    workerMs: median(list.map((c) => c.workerMs)),
    treeMs: median(list.map((c) => c.treeMs)),
    objectsMs: median(list.map((c) => c.objectsMs)),
  });
  return { off: medianOf(runs.off), on: medianOf(runs.on) };
}

export interface FirstContent {
  firstByte: Distribution;
  firstContent: Distribution;
  errors: number;
}

/** First byte and first content of 20-event streams, interleaved over several targets (as `interleavedLatency`). */
export async function interleavedFirstContent(targets: Target[], requests: number): Promise<FirstContent[]> {
  for (const target of targets) await repeat(5, () => streamTiming(target, SCENARIOS.stream)); // warm-up
  const runs: StreamTiming[][] = targets.map(() => []);
  for (let i = 0; i < requests; i++)
    for (const [t, target] of targets.entries()) runs[t]?.push(await streamTiming(target, SCENARIOS.stream));
  return runs.map((timings) => {
    const ok = timings.filter((s) => s.ok);
    return {
      firstByte: distribution(valid(ok.map((s) => s.firstByteMs))),
      firstContent: distribution(valid(ok.map((s) => s.firstContentMs))),
      errors: timings.length - ok.length,
    };
  });
}

/** Requests per second at a fixed concurrency for a fixed time. */
export const throughputOf = (target: Target, sizes: WorkloadSizes) =>
  throughput(target, SCENARIOS.completion, sizes.concurrency, sizes.throughputMs);

export interface StreamResults {
  firstByte: Distribution;
  firstContent: Distribution;
  streamErrors: number;
  gapMedianMs: number;
  gapP90Ms: number;
  cpu: {
    /** Per delivered event, over 1,000-event streams. */
    eventWorkerMs: number;
    eventTreeMs: number;
    /** Per 20-event streamed request. */
    streamWorkerMs: number;
    /** Per event beyond the first 20: (CPU of a 1,000-event stream − CPU of a 20-event one) / (their events' difference). */
    marginalEventWorkerMs: number;
  };
}

/** First byte and first content of 20-event streams, inter-chunk gaps, and CPU per streamed event. */
export async function measureStreams(target: Target, cpu: CpuSource, sizes: WorkloadSizes): Promise<StreamResults> {
  await repeat(2, () => streamTiming(target, SCENARIOS.long)); // warm-up
  const shortRuns = await cpuDuring(cpu, () => repeat(Math.max(20, sizes.requests / 4), () => streamTiming(target, SCENARIOS.stream)));
  const streams: StreamTiming[] = shortRuns.result;
  const longRuns = await cpuDuring(cpu, () => repeat(sizes.longStreams, () => streamTiming(target, SCENARIOS.long)));
  const events = sum(longRuns.result.map((s) => s.events));
  const shortEvents = sum(streams.map((s) => s.events)) / streams.length;
  const gaps = (await repeat(5, () => streamTiming(target, SCENARIOS.gaps))).flatMap((s) => s.gapsMs);
  const ok = streams.filter((s) => s.ok);
  return {
    firstByte: distribution(valid(ok.map((s) => s.firstByteMs))),
    firstContent: distribution(valid(ok.map((s) => s.firstContentMs))),
    streamErrors: streams.length - ok.length + longRuns.result.filter((s) => !s.ok).length,
    gapMedianMs: median(gaps),
    gapP90Ms: distribution(gaps).p90,
    cpu: {
      eventWorkerMs: longRuns.cpu.workerMs / events,
      eventTreeMs: longRuns.cpu.treeMs / events,
      streamWorkerMs: shortRuns.cpu.workerMs / streams.length,
      marginalEventWorkerMs:
        (longRuns.cpu.workerMs / longRuns.result.length - shortRuns.cpu.workerMs / streams.length) /
        (events / longRuns.result.length - shortEvents),
    },
  };
}

/** Worker CPU per streamed event of two targets measured in alternating batches, and the median of the per-round ratios. */
export interface EventCpuPair {
  baseUs: number;
  otherUs: number;
  medianRatio: number;
  rounds: number;
}

/**
 * Per-event CPU of `other` against `base` (the JavaScript-reading floor), in alternating batches
 * of `perBatch` 1,000-event streams, `rounds` times after a warm-up: load that drifts on a shared
 * machine moves both sides of a round alike, where one block per target did not (identical code
 * gave 1.15× to 1.33× that way).
 */
export async function interleavedEventCpu(
  base: { target: Target; cpu: CpuSource },
  other: { target: Target; cpu: CpuSource },
  rounds: number,
  scenario: string = SCENARIOS.long,
  perBatch = 4,
): Promise<EventCpuPair> {
  // A batch is measured until its Worker is idle again, so each request's settling counts with it.
  const batch = async ({ target, cpu }: { target: Target; cpu: CpuSource }) => {
    const { result, cpu: used } = await cpuDuring(cpu, async () => {
      const streams = await repeat(perBatch, () => streamTiming(target, scenario));
      await untilIdle(cpu);
      return streams;
    });
    const events = sum(result.filter((s) => s.ok).map((s) => s.events));
    return events > 0 ? (used.workerMs * 1000) / events : Number.NaN;
  };
  for (let i = 0; i < 2; i++) {
    await batch(base);
    await batch(other);
  }
  const baseUs: number[] = [];
  const otherUs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    baseUs.push(await batch(base));
    otherUs.push(await batch(other));
  }
  const ratios = baseUs.map((b, i) => (otherUs[i] ?? Number.NaN) / b).filter(Number.isFinite);
  return { baseUs: median(valid(baseUs)), otherUs: median(valid(otherUs)), medianRatio: median(ratios), rounds };
}

/** `count` concurrent 10 MB streams: wall time and completions. */
export const bigStreams = (target: Target, count: number, timeoutMs: number) => concurrentStreams(target, SCENARIOS.big, count, timeoutMs);

/** The Worker's retained heap and the process tree's RSS, 90% into 1, 10 and 30 MB streams. */
export async function memoryOf(running: RunningGateway, target: Target) {
  const inspector = await openInspector(running.inspectorPort);
  try {
    await streamTiming(target, SCENARIOS.small); // warm-up: first-use allocations are not the stream's
    const idleHeap = await retainedHeapBytes(inspector);
    const out = [];
    for (const [label, scenario, size] of [
      ["1 MB", SCENARIOS.small, 1],
      ["10 MB", SCENARIOS.big, 10],
      ["30 MB", SCENARIOS.huge, 30],
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
export async function cacheLatency(target: Target, scenario: string) {
  const misses = await repeat(20, () => completionLatency(target, scenario));
  const hitPrompt = `cache hit ${Date.now()} ${Math.random()}`;
  await completionLatency(target, scenario, hitPrompt);
  await pause(300); // the entry is written in the background
  const hits = await repeat(30, () => completionLatency(target, scenario, hitPrompt));
  return { misses: distribution(valid(misses)), hits: distribution(valid(hits)), errors: 50 - valid(misses).length - valid(hits).length };
}
