/**
 * Billable operations per request, counted (not estimated): the gateway started under
 * `wrangler dev` with bench/counting-worker.js as its entry, which wraps the gateway's bindings,
 * Durable Object classes and outbound fetch, and answers its counters at `GET /__bench/ops`.
 */
import { join } from "node:path";
import { repoRoot } from "../test/support/generated-config.ts";
import { startGatewayWithEntry } from "../test/support/split-topology.ts";
import type { RunningGateway } from "../test/support/wrangler-dev.ts";

/** What the counting Worker answers (see counting-worker.js). */
export interface OpCounters {
  requests: number;
  kv: Record<string, Record<string, number>>;
  doRequests: Record<string, Record<string, number>>;
  sql: Record<string, { rowsRead?: number; rowsWritten?: number; statements?: number }>;
  storage: Record<string, Record<string, number>>;
  subrequests: number;
  objectsConstructed: number;
}

/** Cloudflare's list prices (Workers Paid), USD, as of the issue; used for $ per million requests. */
export const PRICES = {
  workerRequestPerM: 0.3,
  cpuMsPerM: 0.02,
  kvReadPerM: 0.5,
  kvWritePerM: 5.0,
  doRequestPerM: 0.15,
  rowWrittenPerM: 1.0,
  rowReadPerM: 0.001,
};
export const PRICES_NOTE =
  "prices (USD, Cloudflare list): Workers $0.30/M requests + $0.02/M CPU-ms; KV $0.50/M reads, $5.00/M writes (put/delete/list); " +
  "Durable Objects $0.15/M requests, SQLite $1.00/M rows written, $0.001/M rows read; DO duration (GB-s) and storage not counted";

/** Starts the counting gateway: wrangler.jsonc's bindings, migrations, vars and flags, with bench/counting-worker.js as its entry. */
export function startCountingGateway(adminToken: string): Promise<RunningGateway> {
  return startGatewayWithEntry({ adminToken, name: "bench-counting", main: join(repoRoot, "bench/counting-worker.js") });
}

/** Reads and resets the counters. */
export async function readOps(gateway: RunningGateway): Promise<OpCounters> {
  const res = await fetch(`${gateway.url}/__bench/ops`);
  if (!res.ok) throw new Error(`/__bench/ops: ${res.status}`);
  return (await res.json()) as OpCounters;
}

const total = (record: Record<string, Record<string, number>>, pick: (method: string) => boolean) =>
  Object.values(record)
    .flatMap((methods) => Object.entries(methods))
    .filter(([method]) => pick(method))
    .reduce((sum, [, n]) => sum + n, 0);

/** Per request: the billable figures of `ops` divided by `requests`. */
export function perRequest(ops: OpCounters, requests: number) {
  const sqlSum = (field: "rowsRead" | "rowsWritten") => Object.values(ops.sql).reduce((sum, s) => sum + (s[field] ?? 0), 0);
  const setAlarms = total(ops.storage, (m) => m === "setAlarm");
  const storageWrites = total(ops.storage, (m) => m === "put" || m === "delete" || m === "deleteAll");
  const storageReads = total(ops.storage, (m) => m === "get" || m === "list" || m === "getAlarm");
  return {
    kvReads: total(ops.kv, (m) => m === "get") / requests,
    kvWrites: total(ops.kv, (m) => m !== "get") / requests,
    doRequests: total(ops.doRequests, () => true) / requests,
    /** SQL rows written plus storage KV writes plus setAlarm calls (each counted as one row written). */
    rowsWritten: (sqlSum("rowsWritten") + storageWrites + setAlarms) / requests,
    rowsRead: (sqlSum("rowsRead") + storageReads) / requests,
    setAlarms: setAlarms / requests,
    subrequests: ops.subrequests / requests,
    detail: ops,
  };
}

/** USD per million requests of these operations, plus Workers requests and `cpuMs` of CPU each. */
export function dollarsPerMillion(p: ReturnType<typeof perRequest>, cpuMs: number) {
  const parts = {
    worker: PRICES.workerRequestPerM,
    cpu: cpuMs * PRICES.cpuMsPerM,
    kv: p.kvReads * PRICES.kvReadPerM + p.kvWrites * PRICES.kvWritePerM,
    durableObjects: p.doRequests * PRICES.doRequestPerM + p.rowsWritten * PRICES.rowWrittenPerM + p.rowsRead * PRICES.rowReadPerM,
  };
  return { ...parts, total: parts.worker + parts.cpu + parts.kv + parts.durableObjects };
}
