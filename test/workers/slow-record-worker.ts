/**
 * The gateway's entry with its record object made slow on purpose, for the objects' side of a
 * split topology (test/e2e/record-off-the-response.test.ts): every record write takes
 * `RECORD_WRITE_DELAY_MS` longer, as a loaded or distant object might. (test/workers/ holds
 * Worker code for tests, checked with the Worker's types.)
 */
import { RequestLog as GatewayRequestLog } from "../../src/request-log-object.ts";

export { default, IdempotencyKeys, KeyUsage, LogIndex, ProviderHealth, WebhookEndpoint } from "../../src/index.ts";

// Not exported: a Worker module exports only handlers and classes.
const RECORD_WRITE_DELAY_MS = 500;

/** Bound as `RequestLog` (the binding's class name), so the gateway's settle calls it unchanged. */
export class RequestLog extends GatewayRequestLog {
  override async write(...args: Parameters<GatewayRequestLog["write"]>): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, RECORD_WRITE_DELAY_MS));
    return super.write(...args);
  }
}
