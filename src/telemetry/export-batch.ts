import type { ExportTarget, OtlpExport } from "./export-otlp.ts";

/** Exports gathered for one collector, and whether a request has taken them to send. */
interface OpenBatch {
  exports: OtlpExport[];
  taken: boolean;
}

/** This isolate's open batches, one per (signal, collector, encoding, headers). */
const openBatches = new Map<string, OpenBatch>();

/** One export of several requests' exports of the same signal: OTLP's request is a list of resources. */
export function mergeExports(exports: OtlpExport[]): OtlpExport {
  const [first] = exports;
  if (!first || exports.length === 1) return first as OtlpExport;
  if (first.signal === "traces")
    return { signal: "traces", body: { resourceSpans: exports.flatMap((e) => (e.signal === "traces" ? e.body.resourceSpans : [])) } };
  return { signal: "metrics", body: { resourceMetrics: exports.flatMap((e) => (e.signal === "metrics" ? e.body.resourceMetrics : [])) } };
}

function batchKey(target: ExportTarget, signal: OtlpExport["signal"]): string {
  return JSON.stringify([signal, target.endpoint, target.protocol, target.headers]);
}

/**
 * Sends `otlp` to `target` with the other exports this isolate makes to it within `windowMs`: one
 * subrequest for a burst of requests instead of one each. The request that opens a batch sends it
 * when the window ends (its `waitUntil` holds the isolate until then) and gets the send's outcome;
 * a request that joins returns `null` at once, or sends the batch itself when it fills to `max`.
 * Every fetch runs in the context of the request awaiting it. `windowMs` 0 sends alone.
 */
export function batchExport(
  target: ExportTarget,
  otlp: OtlpExport,
  send: (target: ExportTarget, otlp: OtlpExport) => Promise<void>,
  windowMs: number,
  max: number,
): Promise<void> | null {
  if (windowMs <= 0) return send(target, otlp);
  const key = batchKey(target, otlp.signal);
  const joined = openBatches.get(key);
  if (joined) {
    joined.exports.push(otlp);
    if (joined.exports.length < max) return null;
    openBatches.delete(key);
    joined.taken = true;
    return send(target, mergeExports(joined.exports));
  }
  const batch: OpenBatch = { exports: [otlp], taken: false };
  openBatches.set(key, batch);
  return new Promise<void>((resolve) => setTimeout(resolve, windowMs)).then(() => {
    if (batch.taken) return;
    openBatches.delete(key);
    batch.taken = true;
    return send(target, mergeExports(batch.exports));
  });
}
