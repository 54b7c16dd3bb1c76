import { ConfigStore } from "../../config/config-store.ts";
import type { TelemetryRecord } from "../../config/telemetry-config.ts";
import { EXPORT_BATCH_MAX_REQUESTS, EXPORT_BATCH_WINDOW_MS } from "../../platform-limits.ts";
import { openSecret } from "../../secrets/secret-box.ts";
import { contentEvent } from "../../telemetry/content-event.ts";
import { batchExport } from "../../telemetry/export-batch.ts";
import { EXPORT_TIMEOUT_MS, type ExportTarget, exportOtlp, type OtlpExport } from "../../telemetry/export-otlp.ts";
import { OperatorExporterInvalid, type OperatorTelemetryEnv, operatorExporter } from "../../telemetry/operator-exporter.ts";
import type { OtlpSpan } from "../../telemetry/otlp-json.ts";
import { metricsRequest, requestMetrics } from "../../telemetry/request-metrics.ts";
import { requestSpans, tracesRequest, withContent } from "../../telemetry/request-spans.ts";
import { keepsTrace } from "../../telemetry/sampling.ts";
import { allowsLoopback, webhookUrlProblem } from "../../webhooks/webhook-url.ts";
import type { JournalState } from "../journal-state.ts";
import type { FinishedRequest, SettleSink } from "./settle-sink.ts";

/** Why the answer ended, known even when the workflow logs metadata only (the record's `output` is then null). */
function finishReasonOf(state: JournalState): string | null {
  return state.answer?.choices[0]?.finish_reason ?? state.delivered?.firstChoice()?.finishReason ?? null;
}

async function tenantTarget(env: Env, exporter: TelemetryRecord): Promise<ExportTarget> {
  const headers = exporter.headersSealed
    ? (JSON.parse(await openSecret(exporter.headersSealed, env.SECRETS_KEY)) as Record<string, string>)
    : {};
  return { endpoint: exporter.endpoint, headers, protocol: exporter.protocol };
}

/** How an export leaves the Worker: `fetch`, bounded, batched per collector over `batchWindowMs` (tests pass their own). */
interface Transport {
  fetcher: typeof fetch;
  timeoutMs: number;
  /** 0 (the default for tests): each request's export is its own POST. */
  batchWindowMs?: number;
}

/**
 * POSTs to one target, after the webhooks' endpoint rule (checked at every export: the allow flag
 * may have changed), batched with this isolate's other exports to it (`export-batch.ts`).
 */
function send(env: Env, target: ExportTarget, otlp: OtlpExport, transport: Transport): Promise<void> {
  const problem = webhookUrlProblem(target.endpoint, allowsLoopback(env));
  if (problem) return Promise.reject(new Error(`the telemetry endpoint ${problem}`));
  const post = (to: ExportTarget, body: OtlpExport) => exportOtlp(to, body, transport.fetcher, transport.timeoutMs);
  return batchExport(target, otlp, post, transport.batchWindowMs ?? 0, EXPORT_BATCH_MAX_REQUESTS) ?? Promise.resolve();
}

const traces = (spans: OtlpSpan[]): OtlpExport => ({ signal: "traces", body: tracesRequest(spans) });

/** The operator's exporter; a variable it cannot use is an error of that export only, not of the tenant's. */
function operatorTarget(env: Env): ExportTarget | OperatorExporterInvalid | null {
  try {
    return operatorExporter(env as Env & OperatorTelemetryEnv);
  } catch (error) {
    if (error instanceof OperatorExporterInvalid) return error;
    throw error;
  }
}

async function exportRequest({ env, state, write }: FinishedRequest, tenant: string, transport: Transport): Promise<void> {
  const operator = operatorTarget(env);
  const stored = await new ConfigStore(env.CONFIG).getTelemetry(tenant);
  const exporter = stored?.enabled ? stored : null;
  if (!exporter && !operator) return;
  const written = await write();
  const { record } = written;
  const source = { receivedAtMs: state.receivedAt, servedProviderType: state.servedProviderType, operation: state.operation };
  const spans = requestSpans({ ...source, record, trace: state.trace, finishReason: finishReasonOf(state) });
  const sends: Promise<void>[] = [];
  // The operator's exporter sees every request's metadata; content goes only where a tenant opted in.
  if (operator instanceof Error) sends.push(Promise.reject(operator));
  else if (operator) sends.push(send(env, operator, traces(spans), transport));
  const traced = exporter !== null && keepsTrace(record, state.trace.traceId, exporter.sampleRatio);
  // Metrics count every request (they are not sampled): a second POST, to `/v1/metrics`, when the tenant asked for them.
  const metered = exporter?.metrics === true;
  if (exporter && (traced || metered)) {
    const target = tenantTarget(env, exporter);
    if (traced) {
      const content = exporter.content ? contentEvent(written, state.receivedAt + record.timings.completedMs) : null;
      sends.push(target.then((to) => send(env, to, traces(content ? withContent(spans, content) : spans), transport)));
    }
    if (metered) {
      const metrics: OtlpExport = { signal: "metrics", body: metricsRequest(requestMetrics({ ...source, record })) };
      sends.push(target.then((to) => send(env, to, metrics, transport)));
    }
  }
  // Each export's failure is its own: one collector down does not stop the other's export.
  const failures = (await Promise.allSettled(sends)).flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length)
    throw new Error(failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join("; "));
}

/**
 * The OpenTelemetry exporters (docs/telemetry.md), the tenant's and the operator's gateway-wide
 * one: the ended request as spans, built once from its finished record and sent over OTLP/HTTP
 * after the response, bounded in time. A failure is logged by settle and touches neither the
 * response nor the record.
 */
export function telemetrySinkWith(transport: Transport): SettleSink {
  return {
    name: "telemetry",
    observe: (finished) => (finished.state.tenant ? exportRequest(finished, finished.state.tenant, transport) : null),
  };
}

export const telemetrySink: SettleSink = telemetrySinkWith({
  fetcher: (input, init) => fetch(input, init),
  timeoutMs: EXPORT_TIMEOUT_MS,
  batchWindowMs: EXPORT_BATCH_WINDOW_MS,
});
