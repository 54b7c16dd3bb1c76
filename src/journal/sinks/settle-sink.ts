import type { LogWrite } from "../../logs/log-record.ts";
import type { RequestSecrets } from "../../secrets/request-secrets.ts";
import type { JournalState } from "../journal-state.ts";

/** A request as settle hands it to its observers, after the client has its answer. */
export interface FinishedRequest {
  env: Env;
  state: JournalState;
  /** The secrets the request used: anything a sink writes or logs has them removed. */
  secrets: RequestSecrets;
  /** The record, priced once and with every secret removed: the first sink to ask prices it. */
  write(): Promise<LogWrite>;
  /** Resolves once the response is on its way: an `atOnce` sink waits for it before touching storage. */
  flushed(): Promise<void>;
}

/**
 * One observer of ended requests (the record, spend, the cache, health; an exporter next): it
 * starts its own writes, and its failure is logged without stopping the others.
 */
export interface SettleSink {
  name: string;
  /**
   * Observes at the request's end, without waiting for the flush: for a sink whose effect this
   * client's very next request must see (the breaker's isolate memory, the cache entry held in
   * the isolate). It touches storage only after `flushed()`: storage work is what must not delay
   * the response.
   */
  atOnce?: boolean;
  /** Starts the sink's writes for this request; null when it has nothing to write. */
  observe(finished: FinishedRequest): Promise<unknown> | null;
}
