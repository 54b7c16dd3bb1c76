/**
 * CPU time of the processes serving a target, read from /proc (Linux) before and after a batch of
 * requests. A process's CPU is the sum over its threads of /proc/<pid>/task/<tid>/schedstat's first
 * field (nanoseconds on a CPU; the same time as utime+stime in /proc/<pid>/stat, without its 10 ms
 * ticks), falling back to utime+stime when schedstat is absent.
 */
import { readdirSync, readFileSync } from "node:fs";

interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
}

function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.push({ pid, ppid: Number(fields[1]), comm });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU milliseconds `pid` has used so far (0 once it is gone). */
export function processCpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    return ns / 1e6;
  } catch {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      return 0;
    }
  }
}

/** `rootPid` and every process below it. */
export function processTree(rootPid: number): ProcessInfo[] {
  const all = listProcesses();
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  const inTree = (pid: number) => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++) if (p === rootPid) return true;
    return false;
  };
  return all.filter((p) => inTree(p.pid));
}

/** What a target's CPU is read from: the Worker's own processes and the whole tree. */
export interface CpuSource {
  /** The processes running the Worker's code (for `wrangler dev`: the workerd serving the Worker). */
  workerPids: number[];
  rootPid: number;
  /** What `workerPids` are, for the output. */
  workerLabel: string;
  /** Production-like topology: the process tree hosting the Durable Objects, read apart from the Worker's. */
  objectsRootPid?: number;
}

/**
 * `wrangler dev` runs two workerd processes: one is its local proxy, listening on the port the
 * client uses (`--socket-addr=entry=127.0.0.1:<port>`); the other runs the Worker (and miniflare's
 * KV and Durable Object simulation). The Worker's is the workerd that does not listen on `port`.
 */
export function wranglerDevCpuSource(rootPid: number, port: number): CpuSource {
  const workerds = processTree(rootPid).filter((p) => p.comm === "workerd");
  const listensOnPort = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`entry=127.0.0.1:${port}`);
    } catch {
      return false;
    }
  };
  const workerPids = workerds.filter((p) => !listensOnPort(p.pid)).map((p) => p.pid);
  if (workerPids.length === 0) throw new Error(`no workerd below pid ${rootPid} apart from wrangler's proxy`);
  return { rootPid, workerPids, workerLabel: "workerd running the Worker" };
}

export interface CpuReading {
  workerMs: number;
  treeMs: number;
  /** The Durable Objects' process tree (0 when they share the Worker's process). */
  objectsMs: number;
}

const treeCpuMs = (rootPid: number) => processTree(rootPid).reduce((sum, p) => sum + processCpuMs(p.pid), 0);

/** CPU used so far by a target's processes (compare two readings). */
function readCpu(source: CpuSource): CpuReading {
  return {
    workerMs: source.workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    treeMs: treeCpuMs(source.rootPid),
    objectsMs: source.objectsRootPid ? treeCpuMs(source.objectsRootPid) : 0,
  };
}

/** Runs `work`, then waits `settleMs` (background work such as log writes finishing), and returns the CPU it took. */
export async function cpuDuring<T>(source: CpuSource, work: () => Promise<T>, settleMs = 300): Promise<{ result: T; cpu: CpuReading }> {
  const before = readCpu(source);
  const result = await work();
  await new Promise((r) => setTimeout(r, settleMs));
  const after = readCpu(source);
  return {
    result,
    cpu: {
      workerMs: after.workerMs - before.workerMs,
      treeMs: after.treeMs - before.treeMs,
      objectsMs: after.objectsMs - before.objectsMs,
    },
  };
}

/** Waits (at most `maxMs`) until a target's processes, objects included, use under 5% of a core over 250 ms. */
export async function untilIdle(source: CpuSource, maxMs = 20_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const before = readCpu(source);
    await new Promise((r) => setTimeout(r, 250));
    const after = readCpu(source);
    if (after.treeMs + after.objectsMs - before.treeMs - before.objectsMs < 12.5) return;
  }
}
