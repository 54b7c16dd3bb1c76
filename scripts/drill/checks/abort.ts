import { type Check, outcomeOf } from "../check.ts";
import { describeProbe, probe } from "../requests.ts";
import { streamFacts } from "../stream-facts.ts";

/** How long after the client left the request may still run: the upstream must be closed at once, not drained. */
const ENDED_WITHIN_MS = 2_000;

/**
 * A client that leaves mid-stream stops the upstream, and the log says so with what was sent and
 * what it cost. The drill's upstream would run ~4 s more; a request that ends within 2 s of the
 * abort shows the gateway closed it rather than reading it to the end.
 */
export const clientAbort: Check = {
  id: "client-abort",
  expectation: `abort after 3 deltas → logged client_aborted, partialOutput, usage and cost; request ends within ${ENDED_WITHIN_MS} ms`,
  needs: "log",
  async run(ctx, model) {
    const received = await probe(ctx, model, { abortAfterDeltas: 3 });
    if (received.ended !== "aborted") return { status: "fail", observed: `the stream did not get to 3 deltas: ${describeProbe(received)}` };
    const facts = streamFacts(received.events);
    const record = ctx.admin && ctx.tenant ? await ctx.admin.logRecord(ctx.tenant, received.headers.get("x-request-id")) : null;
    if (!record) return { status: "fail", observed: "no log record within 5 s" };
    const abortedAt = received.abortedAtMs ?? 0;
    // completedMs counts from the gateway's receipt, which is after our send: the comparison errs towards passing only by network latency.
    const ranOn = (record.timings?.completedMs ?? Number.POSITIVE_INFINITY) - abortedAt;
    const conditions: Array<[boolean, string]> = [
      [record.outcome === "client_aborted", `outcome ${record.outcome}`],
      [record.partialOutput === true, "partialOutput is not true"],
      [record.disconnect === "client", `disconnect ${record.disconnect}`],
      [String(record.output?.text ?? "").startsWith(facts.text), "logged output does not start with what the client received"],
      [record.usage?.totalTokens > 0, "no usage"],
      [record.costUsd > 0, `costUsd ${record.costUsd}`],
      [ranOn <= ENDED_WITHIN_MS, `request ran on ${ranOn} ms after the abort`],
    ];
    if (ctx.fixture) conditions.push([record.eventCounts?.contentDeltas < 40, "the upstream was read to its end"]);
    return outcomeOf(
      conditions,
      `${record.outcome}, disconnect ${record.disconnect}, ${record.eventCounts?.contentDeltas} deltas logged, ` +
        `${record.usage?.totalTokens} tokens${record.usage?.estimated ? " (estimated)" : ""}, $${record.costUsd}, ended ${ranOn} ms after the abort`,
    );
  },
};
