import { ConfigStore } from "../config/config-store.ts";
import type { LogWrite } from "../logs/log-record.ts";
import { priceUsage } from "../pricing/price-book.ts";
import type { RequestSecrets } from "../secrets/request-secrets.ts";
import { afterFlush } from "./after-flush.ts";
import type { JournalState } from "./journal-state.ts";
import { pricedTarget, recordOf, usageOf } from "./request-record.ts";
import { cacheSink } from "./sinks/cache-sink.ts";
import { healthSink } from "./sinks/health-sink.ts";
import { recordSink } from "./sinks/record-sink.ts";
import type { FinishedRequest, SettleSink } from "./sinks/settle-sink.ts";
import { spendSink } from "./sinks/spend-sink.ts";
import { telemetrySink } from "./sinks/telemetry-sink.ts";

/**
 * The observers of every ended request: health and the cache entry (held in the isolate) at once
 * (`atOnce`; the cache's KV write waits for the flush), then,
 * once the response is on its way, the record and its index, a budgeted key's spend and the
 * tenant's OpenTelemetry exporter. Budgets and cache do not depend on `LOG_REQUESTS`; only the
 * record and index do.
 */
export const SETTLE_SINKS: readonly SettleSink[] = [healthSink, recordSink, spendSink, cacheSink, telemetrySink];

/** The write with every secret the request used removed, from the record, its bodies and its chunks. */
function redactedWrite(write: LogWrite, secrets: RequestSecrets): LogWrite {
  return {
    record: secrets.redactJson(write.record),
    requestJson: secrets.redact(write.requestJson),
    attemptBodiesJson: write.attemptBodiesJson.map((body) => secrets.redact(body)),
    chunks: write.chunks.map((chunk) => ({ atMs: chunk.atMs, data: secrets.redact(chunk.data) })),
  };
}

/** Prices the request once: the target's provider type came with the events, the tenant's overrides from the price book. */
async function pricedWrite(env: Env, state: JournalState, secrets: RequestSecrets): Promise<LogWrite> {
  const usage = usageOf(state);
  const priced = pricedTarget(state);
  const price =
    usage && priced && state.tenant
      ? await priceUsage(await new ConfigStore(env.CONFIG).getPrices(state.tenant), priced.target, priced.providerType, usage)
      : null;
  return redactedWrite(recordOf(state, usage, price), secrets);
}

/**
 * The one place a request's end is written, after the client has its answer: the request is
 * priced once and handed to each sink in turn. A sink that throws or fails is logged (secrets
 * removed) and never stops the others.
 */
export async function settle(
  env: Env,
  state: JournalState,
  secrets: RequestSecrets,
  sinks = SETTLE_SINKS,
  flushed: () => Promise<void> = afterFlush,
): Promise<void> {
  let write: Promise<LogWrite> | undefined;
  let flush: Promise<void> | undefined;
  const finished: FinishedRequest = {
    env,
    state,
    secrets,
    write: () => {
      write ??= pricedWrite(env, state, secrets);
      return write;
    },
    flushed: () => {
      flush ??= flushed();
      return flush;
    },
  };
  const observe = (sink: SettleSink) => {
    try {
      return Promise.resolve(sink.observe(finished)).then(
        () => null,
        (reason: unknown) => ({ sink: sink.name, reason }),
      );
    } catch (reason) {
      return Promise.resolve({ sink: sink.name, reason });
    }
  };
  // Sinks whose memory effect the next request must see act now (their storage waits for the flush); the others after it.
  const writes = sinks.filter((sink) => sink.atOnce).map(observe);
  await finished.flushed();
  writes.push(...sinks.filter((sink) => !sink.atOnce).map(observe));
  for (const failure of await Promise.all(writes)) {
    if (!failure) continue;
    const message = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
    console.error(`[${state.id}] settle: the ${failure.sink} sink failed: ${secrets.redact(message)}`);
  }
}
