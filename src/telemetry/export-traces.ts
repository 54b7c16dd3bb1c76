import type { ExportTraceServiceRequest } from "./otlp-json.ts";

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

/**
 * POSTs one OTLP/HTTP JSON export, bounded by `timeoutMs` (`EXPORT_TIMEOUT_MS`). A failure is an `ExportFailed`
 * naming the collector's host and what went wrong, never its headers.
 */
export async function exportTraces(
  endpoint: string,
  headers: Record<string, string>,
  body: ExportTraceServiceRequest,
  fetcher: typeof fetch = fetch,
  timeoutMs = EXPORT_TIMEOUT_MS,
): Promise<void> {
  const url = tracesUrl(endpoint);
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
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
