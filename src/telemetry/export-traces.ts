import type { OtlpProtocol } from "../config/telemetry-config.ts";
import type { ExportTraceServiceRequest } from "./otlp-json.ts";
import { encodeTracesProtobuf } from "./otlp-protobuf.ts";

/** Longest an export may take: it runs after the response, inside settle's `waitUntil` (at most 30 s). */
export const EXPORT_TIMEOUT_MS = 5_000;

/** Why an export failed, without the endpoint's path or query (a collector token may live there). */
export class ExportFailed extends Error {}

/** `{endpoint}/v1/traces`, as OTLP/HTTP names the traces path below a base URL. */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/traces`;
  return url.toString();
}

/** Where and how an export is sent: a tenant's exporter or the operator's, headers opened. */
export interface ExportTarget {
  endpoint: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
}

/** The request body in the target's encoding, with its Content-Type (OTLP/HTTP's two). */
export function encodeExport(protocol: OtlpProtocol, body: ExportTraceServiceRequest): { contentType: string; payload: BodyInit } {
  return protocol === "http/protobuf"
    ? { contentType: "application/x-protobuf", payload: encodeTracesProtobuf(body) }
    : { contentType: "application/json", payload: JSON.stringify(body) };
}

/**
 * POSTs one OTLP/HTTP export, bounded by `timeoutMs` (`EXPORT_TIMEOUT_MS`). A failure is an `ExportFailed`
 * naming the collector's host and what went wrong, never its headers.
 */
export async function exportTraces(
  { endpoint, headers, protocol }: ExportTarget,
  body: ExportTraceServiceRequest,
  fetcher: typeof fetch = fetch,
  timeoutMs = EXPORT_TIMEOUT_MS,
): Promise<void> {
  const url = tracesUrl(endpoint);
  const host = new URL(url).host;
  const { contentType, payload } = encodeExport(protocol, body);
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
