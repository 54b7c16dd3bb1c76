import type { Check, CheckId, DrillContext, Outcome } from "../check.ts";
import { probe } from "../requests.ts";
import { streamFacts } from "../stream-facts.ts";

/** The three ends of a stream whose usage and cost must be recorded, and the workflow that produces each. */
const KINDS: Array<{ outcome: string; workflow: CheckId; abortAfterDeltas?: number }> = [
  { outcome: "completed", workflow: "usage-and-cost" },
  { outcome: "failed_after_output", workflow: "error-after-output" },
  { outcome: "client_aborted", workflow: "client-abort", abortAfterDeltas: 2 },
];

/** Usage and cost are recorded whether a stream completed, failed or was abandoned: budgets depend on it. */
export const usageAndCost: Check = {
  id: "usage-and-cost",
  expectation: "log has usage (tokens > 0) and costUsd > 0 for a completed, a failed and an aborted stream; completed = client's usage",
  needs: "log",
  async run(ctx: DrillContext, model: string): Promise<Outcome> {
    const failures: string[] = [];
    const seen: string[] = [];
    for (const kind of KINDS) {
      const workflow = kind.workflow === "usage-and-cost" ? model : ctx.workflowFor(kind.workflow);
      if (!workflow) {
        seen.push(`${kind.outcome}: no workflow named`);
        continue;
      }
      const received = await probe(ctx, workflow, kind.abortAfterDeltas ? { abortAfterDeltas: kind.abortAfterDeltas } : {});
      const requestId = received.headers.get("x-request-id");
      const record = await ctx.admin?.logRecord(ctx.tenant ?? "", requestId);
      if (!record) {
        failures.push(`${kind.outcome}: no log record`);
        continue;
      }
      const tokens = record.usage?.totalTokens;
      seen.push(`${record.outcome} ${tokens} tok $${record.costUsd}`);
      if (record.outcome !== kind.outcome) failures.push(`expected ${kind.outcome}, logged ${record.outcome}`);
      if (!(tokens > 0)) failures.push(`${record.outcome}: no usage`);
      if (!(record.costUsd > 0)) failures.push(`${record.outcome}: costUsd ${record.costUsd}`);
      if (kind.outcome === "completed") {
        // What the client was told it used must be what the log (and so the budget) counts.
        const told = streamFacts(received.events).usage;
        if (told?.total_tokens !== tokens) failures.push(`client usage ${told?.total_tokens} ≠ logged ${tokens}`);
      }
    }
    const observed = seen.join("; ");
    return failures.length ? { status: "fail", observed: `${failures.join("; ")} — ${observed}` } : { status: "pass", observed };
  },
};
