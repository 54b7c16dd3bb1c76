import { z } from "zod";
import { canonicalJson } from "../json/canonical-json.ts";
import { keyFingerprint } from "../secrets/crypto.ts";
import { headerName, headerValue } from "./name-grammar.ts";
import { WEBHOOK_URL_MAX_CHARS } from "./webhook-config.ts";

/** OTLP/HTTP's two encodings, named as `OTEL_EXPORTER_OTLP_PROTOCOL` names them. */
export const OTLP_PROTOCOLS = ["http/json", "http/protobuf"] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Headers an exporter may send (an API key, a dataset name): a collector needs a few, never many. */
const MAX_TELEMETRY_HEADERS = 16;

/**
 * A tenant's OpenTelemetry exporter as the admin API takes it (docs/telemetry.md). The endpoint's
 * grammar is checked here; whether it may be called (the webhooks' SSRF rule) in `webhook-url.ts`.
 * `headers` are write-only: sealed whole, never shown back; omitted on an update they are kept,
 * `null` removes them.
 */
export const telemetryInput = z.strictObject({
  /** The OTLP/HTTP base URL: spans go to `{endpoint}/v1/traces`. */
  endpoint: z.url({ protocol: /^https?$/ }).max(WEBHOOK_URL_MAX_CHARS),
  /** OTLP/HTTP's encoding: JSON (`application/json`) or binary protobuf (`application/x-protobuf`). */
  protocol: z.enum(OTLP_PROTOCOLS).default("http/json"),
  headers: z
    .record(headerName, headerValue)
    .refine((h) => Object.keys(h).length <= MAX_TELEMETRY_HEADERS, `at most ${MAX_TELEMETRY_HEADERS} headers`)
    .nullable()
    .optional(),
  /** Share of successful, single-attempt requests exported; failures and failovers always are. */
  sampleRatio: z.number().min(0).max(1).default(1),
  /** Also export OTLP metrics (duration, time to first chunk, tokens, cost, failovers) to `{endpoint}/v1/metrics`; off by default. */
  metrics: z.boolean().default(false),
  /** Export prompts and answers (for workflows that keep content, `logContent: "full"`); off by default. */
  content: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type TelemetryInput = z.infer<typeof telemetryInput>;

/** A stored exporter: its headers only sealed (AES-GCM, `SECRETS_KEY`), as one JSON object. */
export type TelemetryRecord = Omit<TelemetryInput, "headers"> & {
  headersSealed: string | null;
  /** The sealed headers' names, so the admin API can say which are set without opening them. */
  headerNames: string[];
  /** `telemetryHeadersFingerprint` of the sealed headers: config as code tells a changed value without reading it. */
  headersFingerprint: string | null;
  updatedAt: string;
};

/** 12 hex chars of the SHA-256 of the headers (names and values, in a canonical order). */
export function telemetryHeadersFingerprint(headers: Record<string, string>): Promise<string> {
  return keyFingerprint(canonicalJson(headers));
}

/** The exporter as the admin API shows it: header names, never their values. */
export function publicTelemetry({ headersSealed: _sealed, ...shown }: TelemetryRecord) {
  return shown;
}
