import { ConfigStore } from "../../config/config-store.ts";
import type { TelemetryRecord } from "../../config/telemetry-config.ts";
import { openSecret } from "../../secrets/secret-box.ts";
import { contentEvent } from "../../telemetry/content-event.ts";
import { EXPORT_TIMEOUT_MS, exportTraces } from "../../telemetry/export-traces.ts";
import { requestSpans, tracesRequest } from "../../telemetry/request-spans.ts";
import { keepsTrace } from "../../telemetry/sampling.ts";
import { allowsLoopback, webhookUrlProblem } from "../../webhooks/webhook-url.ts";
import type { JournalState } from "../journal-state.ts";
import type { FinishedRequest, SettleSink } from "./settle-sink.ts";

/** Why the answer ended, known even when the workflow logs metadata only (the record's `output` is then null). */
function finishReasonOf(state: JournalState): string | null {
  return state.answer?.choices[0]?.finish_reason ?? state.delivered?.firstChoice()?.finishReason ?? null;
}

async function exporterHeaders(env: Env, exporter: TelemetryRecord): Promise<Record<string, string>> {
  return exporter.headersSealed ? (JSON.parse(await openSecret(exporter.headersSealed, env.SECRETS_KEY)) as Record<string, string>) : {};
}

/** How an export leaves the Worker: `fetch`, bounded (tests pass their own). */
interface Transport {
  fetcher: typeof fetch;
  timeoutMs: number;
}

async function exportRequest({ env, state, write }: FinishedRequest, tenant: string, transport: Transport): Promise<void> {
  const exporter = await new ConfigStore(env.CONFIG).getTelemetry(tenant);
  if (!exporter?.enabled) return;
  const written = await write();
  const { record } = written;
  if (!keepsTrace(record, state.trace.traceId, exporter.sampleRatio)) return;
  // Checked again before every export, as webhooks are: the allow flag may have changed since it was saved.
  const problem = webhookUrlProblem(exporter.endpoint, allowsLoopback(env));
  if (problem) throw new Error(`the telemetry endpoint ${problem}`);
  const spans = requestSpans({
    record,
    trace: state.trace,
    receivedAtMs: state.receivedAt,
    finishReason: finishReasonOf(state),
    servedProviderType: state.servedProviderType,
    operation: state.operation,
    content: exporter.content ? contentEvent(written, state.receivedAt + record.timings.completedMs) : null,
  });
  await exportTraces(exporter.endpoint, await exporterHeaders(env, exporter), tracesRequest(spans), transport.fetcher, transport.timeoutMs);
}

/**
 * The tenant's OpenTelemetry exporter (docs/telemetry.md): the ended request as spans, built from
 * its finished record and sent over OTLP/HTTP after the response, bounded in time. Its failure is
 * logged by settle and touches neither the response nor the record.
 */
export function telemetrySinkWith(transport: Transport): SettleSink {
  return {
    name: "telemetry",
    observe: (finished) => (finished.state.tenant ? exportRequest(finished, finished.state.tenant, transport) : null),
  };
}

export const telemetrySink: SettleSink = telemetrySinkWith({ fetcher: (input, init) => fetch(input, init), timeoutMs: EXPORT_TIMEOUT_MS });
