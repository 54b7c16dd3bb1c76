import { readdirSync, readFileSync } from "node:fs";
import type { InspectorSession } from "./inspector.ts";

/** Resident memory (bytes) of `rootPid` and every process below it, read from /proc (Linux). */
export function treeRssBytes(rootPid: number): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may contain spaces) start past the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(pid, Number(fields[1]));
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parents.get(p), hops++) if (p === rootPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, bytes] of rss) if (inTree(pid)) total += bytes;
  return total;
}

/** Runs `work` while sampling the tree's RSS every `everyMs`; returns the baseline and the peak. */
export async function peakRssDuring<T>(rootPid: number, work: () => Promise<T>, everyMs = 50) {
  const baseline = treeRssBytes(rootPid);
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(rootPid));
  }, everyMs);
  try {
    const result = await work();
    peak = Math.max(peak, treeRssBytes(rootPid));
    return { baseline, peak, growth: peak - baseline, result };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The Worker's live V8 heap in bytes: a heap snapshot forces a full garbage collection first, so
 * this is what is retained, not garbage awaiting collection. (workerd does not answer a bare
 * `HeapProfiler.collectGarbage`.)
 */
export async function retainedHeapBytes(inspector: InspectorSession): Promise<number> {
  await inspector.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, 60_000);
  return ((await inspector.send("Runtime.getHeapUsage")) as { usedSize: number }).usedSize;
}
