import type { OtlpProtocol } from "../config/telemetry-config.ts";
import type { ExportTraceServiceRequest } from "./otlp-json.ts";
import { encodeMetricsProtobuf, encodeTracesProtobuf } from "./otlp-protobuf.ts";
import type { ExportMetricsServiceRequest } from "./request-metrics.ts";

/** Longest an export may take: it runs after the response, inside settle's `waitUntil` (at most 30 s). */
export const EXPORT_TIMEOUT_MS = 5_000;

/** Why an export failed, without the endpoint's path or query (a collector token may live there). */
export class ExportFailed extends Error {}

/** One OTLP export: spans or metrics, each to its own path. */
export type OtlpExport = { signal: "traces"; body: ExportTraceServiceRequest } | { signal: "metrics"; body: ExportMetricsServiceRequest };

/** `{endpoint}/v1/traces` or `/v1/metrics`, as OTLP/HTTP names a signal's path below a base URL. */
export function signalUrl(endpoint: string, signal: OtlpExport["signal"]): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/${signal}`;
  return url.toString();
}

/** Where and how an export is sent: a tenant's exporter or the operator's, headers opened. */
export interface ExportTarget {
  endpoint: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
}

/** The export in the target's encoding, with its Content-Type (OTLP/HTTP's two). */
export function encodeExport(protocol: OtlpProtocol, otlp: OtlpExport): { contentType: string; payload: BodyInit } {
  if (protocol === "http/json") return { contentType: "application/json", payload: JSON.stringify(otlp.body) };
  const payload = otlp.signal === "traces" ? encodeTracesProtobuf(otlp.body) : encodeMetricsProtobuf(otlp.body);
  return { contentType: "application/x-protobuf", payload };
}

/**
 * POSTs one OTLP/HTTP export, bounded by `timeoutMs` (`EXPORT_TIMEOUT_MS`). A failure is an `ExportFailed`
 * naming the collector's host and what went wrong, never its headers.
 */
export async function exportOtlp(
  { endpoint, headers, protocol }: ExportTarget,
  otlp: OtlpExport,
  fetcher: typeof fetch = fetch,
  timeoutMs = EXPORT_TIMEOUT_MS,
): Promise<void> {
  const url = signalUrl(endpoint, otlp.signal);
  const host = new URL(url).host;
  const { contentType, payload } = encodeExport(protocol, otlp);
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "POST",
      headers: { ...headers, "content-type": contentType },
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new ExportFailed(`OTLP export to ${host} ${timedOut ? `timed out after ${timeoutMs} ms` : "could not connect"}`);
  }
  // The answer's body is not needed (a partial success is still a success to us): release the connection.
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new ExportFailed(`OTLP export to ${host} was refused: HTTP ${response.status}`);
}
