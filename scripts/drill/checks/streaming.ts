import { type Check, outcomeOf } from "../check.ts";
import { judgePacing } from "../judge.ts";
import { describeProbe, probe, sdkChunks } from "../requests.ts";
import { streamFacts } from "../stream-facts.ts";

/** The response is an event stream a proxy will not buffer, of valid chunks ending in one `[DONE]`. */
export const streamHeaders: Check = {
  id: "stream-headers",
  expectation: "200 text/event-stream; cache-control: no-cache, x-accel-buffering: no (gateway); valid chunks, one final [DONE]",
  needs: "endpoint",
  async run(ctx, model) {
    const received = await probe(ctx, model);
    const facts = streamFacts(received.events);
    const h = (name: string) => received.headers.get(name) ?? "(none)";
    const gateway = ctx.mode !== "openai-compatible";
    return outcomeOf(
      [
        [received.status === 200, `status ${received.status}`],
        [h("content-type").startsWith("text/event-stream"), `content-type ${h("content-type")}`],
        // Generic endpoints need not send proxy hints; the gateway's contract promises them.
        [!gateway || h("cache-control").includes("no-cache"), "cache-control lacks no-cache"],
        [!gateway || h("x-accel-buffering") === "no", "x-accel-buffering is not 'no'"],
        [!gateway || received.headers.has("x-request-id"), "no x-request-id"],
        [facts.unparsable === 0, `${facts.unparsable} unparsable events`],
        [facts.errors.length === 0, `error event: ${facts.errors[0]?.message}`],
        [facts.doneCount === 1 && facts.last === "done", `[DONE] ×${facts.doneCount}, last event ${facts.last}`],
      ],
      received.status === 200
        ? `${h("content-type")}, cache-control ${h("cache-control")}, x-accel-buffering ${h("x-accel-buffering")}, ${facts.deltaTimes.length} deltas, last ${facts.last}`
        : describeProbe(received),
    );
  },
};

/** Chunks reach the client at the upstream's pace, not in one burst at the end. */
export const noBuffering: Check = {
  id: "no-buffering",
  expectation: "content deltas arrive at the upstream's pace (spread ≥ ½ of pace × gaps, median gap ≥ ½ pace)",
  needs: "endpoint",
  async run(ctx, model) {
    const received = await probe(ctx, model);
    if (received.status !== 200) return { status: "fail", observed: describeProbe(received) };
    const verdict = judgePacing(streamFacts(received.events).deltaTimes, ctx.settings.paceMs);
    const pace = ctx.settings.paceMs === null ? "" : `; upstream pace ${ctx.settings.paceMs} ms`;
    return { status: verdict.pass ? "pass" : "fail", observed: `${verdict.observed}${pace}` };
  },
};

/** Through the official SDK, the first content arrives within the budget. */
export const firstEvent: Check = {
  id: "first-event",
  expectation: "openai SDK: first content chunk within the budget; the stream iterates to its end",
  needs: "endpoint",
  async run(ctx, model) {
    const started = performance.now();
    let firstMs: number | null = null;
    let chunks = 0;
    for await (const chunk of sdkChunks(ctx, model)) {
      chunks++;
      if (firstMs === null && chunk.choices[0]?.delta.content) firstMs = Math.round(performance.now() - started);
    }
    const budget = ctx.settings.firstEventBudgetMs;
    return outcomeOf(
      [
        [firstMs !== null, "no content chunk"],
        [firstMs !== null && firstMs <= budget, `first content after ${firstMs} ms`],
      ],
      `first content after ${firstMs} ms (budget ${budget} ms), ${chunks} chunks`,
    );
  },
};
