import { OTLP_PROTOCOLS, type OtlpProtocol } from "../config/telemetry-config.ts";
import type { ExportTarget } from "./export-otlp.ts";

/**
 * The operator's gateway-wide exporter, from the OpenTelemetry environment variables' names
 * (the OTLP exporter spec): set as wrangler vars, `OTEL_EXPORTER_OTLP_HEADERS` as a secret.
 */
export interface OperatorTelemetryEnv {
  /** The OTLP/HTTP base URL; spans go to `{endpoint}/v1/traces`. Unset: no gateway-wide export. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** `key=value` pairs, comma-separated, values percent-encoded (W3C Baggage's format, as the spec says). */
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  /** `http/protobuf` (the spec's default) or `http/json`; `grpc` is not spoken by a Worker. */
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;
}

/** A gateway-wide exporter variable that cannot be used; the message names the variable, never a header value. */
export class OperatorExporterInvalid extends Error {}

function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, entry] of (text ?? "").split(",").entries()) {
    if (!entry.trim()) continue;
    const equals = entry.indexOf("=");
    const name = entry.slice(0, equals).trim();
    if (equals <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new OperatorExporterInvalid(`OTEL_EXPORTER_OTLP_HEADERS: entry ${index + 1} is not name=value`);
    try {
      headers[name.toLowerCase()] = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      throw new OperatorExporterInvalid(`OTEL_EXPORTER_OTLP_HEADERS: the value of ${name} is not percent-encoded`);
    }
  }
  return headers;
}

function parseProtocol(text: string | undefined): OtlpProtocol {
  const protocol = text?.trim() || "http/protobuf";
  if ((OTLP_PROTOCOLS as readonly string[]).includes(protocol)) return protocol as OtlpProtocol;
  throw new OperatorExporterInvalid(`OTEL_EXPORTER_OTLP_PROTOCOL: "${protocol}" is not one of ${OTLP_PROTOCOLS.join(", ")}`);
}

/**
 * The operator's exporter, or null when `OTEL_EXPORTER_OTLP_ENDPOINT` is unset. Throws
 * `OperatorExporterInvalid` for a variable it cannot use (settle logs it; the request is untouched).
 */
export function operatorExporter(env: OperatorTelemetryEnv): ExportTarget | null {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint) return null;
  return { endpoint, headers: parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), protocol: parseProtocol(env.OTEL_EXPORTER_OTLP_PROTOCOL) };
}
