/**
 * The gateway's entry with its record object made busy on purpose, for one-process runs
 * (test/e2e/record-off-the-response.test.ts): every record write first spins the thread it shares
 * with the Worker under `wrangler dev` for about 200 ms on this machine. (Time cannot be read while
 * code runs in workerd, so the spin is a count of iterations.)
 */
import { RequestLog as GatewayRequestLog } from "../../src/request-log-object.ts";

export { default, IdempotencyKeys, KeyUsage, LogIndex, ProviderHealth, WebhookEndpoint } from "../../src/index.ts";

const SPIN_ITERATIONS = 20_000_000;

/** Bound as `RequestLog` (the binding's class name), so the gateway's settle calls it unchanged. */
export class RequestLog extends GatewayRequestLog {
  override async write(...args: Parameters<GatewayRequestLog["write"]>): Promise<number> {
    let x = 0;
    for (let i = 0; i < SPIN_ITERATIONS; i++) x = (x * 31 + i) | 0;
    if (x === 0) console.log("spun"); // keeps the loop from being optimized away
    return super.write(...args);
  }
}
