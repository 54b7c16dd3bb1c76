import { type Check, outcomeOf } from "../check.ts";
import { judgeIdleWindow, judgeKeepalive } from "../judge.ts";
import { describeProbe, probe, sdkChunks, sdkErrorCode } from "../requests.ts";
import { streamFacts } from "../stream-facts.ts";

/**
 * After output, a failure is reported, never hidden: one error event ends the stream, there is no
 * `[DONE]`, and nothing follows it (no second model's text stitched on).
 */
export const errorAfterOutput: Check = {
  id: "error-after-output",
  expectation: "partial output, then exactly one error event as the last event; no [DONE], nothing appended, one model's chunks",
  needs: "gateway",
  async run(ctx, model) {
    const received = await probe(ctx, model);
    if (received.status !== 200) return { status: "fail", observed: describeProbe(received) };
    const facts = streamFacts(received.events);
    const error = facts.errors[0];
    const fixture = ctx.fixture;
    const conditions: Array<[boolean, string]> = [
      [facts.text.length > 0, "no output before the failure"],
      [facts.errors.length === 1, `${facts.errors.length} error events`],
      [facts.last === "error", `last event is ${facts.last}`],
      [facts.doneCount === 0, "[DONE] sent after a failure"],
      [
        facts.afterErrorCount === 0,
        `${facts.afterErrorCount} events after the error (${JSON.stringify(facts.afterErrorText.slice(0, 40))})`,
      ],
      [facts.chunkIds.length <= 1, `content from ${facts.chunkIds.length} different completions`],
      [!fixture || facts.text === fixture.partialText, `text ${JSON.stringify(facts.text)}`],
      [!fixture || error?.code === "stream_interrupted", `code ${error?.code}`],
    ];
    let log = "";
    if (ctx.admin && ctx.tenant) {
      const record = await ctx.admin.logRecord(ctx.tenant, received.headers.get("x-request-id"));
      log = `; log: ${record?.outcome}, ${record?.attempts?.length} attempt(s)`;
      conditions.push(
        [record?.outcome === "failed_after_output", `log outcome ${record?.outcome}`],
        [record?.attempts?.length === 1, "another target was tried after output"],
      );
    }
    return outcomeOf(conditions, `${JSON.stringify(facts.text)} then error ${error?.code ?? "(none)"}, last event ${facts.last}${log}`);
  },
};

/** A stall after output ends the stream with an idle-timeout error, raised by the official SDK. */
export const idleTimeout: Check = {
  id: "idle-timeout",
  expectation: "openai SDK raises APIError code idle_timeout mid-iteration, idleMs (+ slack) after the last content",
  needs: "gateway",
  async run(ctx, model) {
    const idleMs = ctx.settings.idleMs;
    if (idleMs === null) return { status: "skip", observed: "idleMs unknown: set it in --config" };
    const started = performance.now();
    const now = () => Math.round(performance.now() - started);
    let lastDeltaMs: number | null = null;
    let caught: unknown = null;
    let errorMs = 0;
    try {
      for await (const chunk of sdkChunks(ctx, model, idleMs + ctx.settings.slackMs + ctx.settings.requestTimeoutMs))
        if (chunk.choices[0]?.delta.content) lastDeltaMs = now();
    } catch (error) {
      caught = error;
      errorMs = now();
    }
    if (caught === null) return { status: "fail", observed: "the stream ended normally: no stall was reported" };
    const code = sdkErrorCode(caught);
    const verdict = judgeIdleWindow(errorMs - (lastDeltaMs ?? 0), idleMs, ctx.settings.slackMs);
    return outcomeOf(
      [
        [lastDeltaMs !== null, "no content before the stall"],
        [code === "idle_timeout", `error code ${code}`],
        [verdict.pass, verdict.observed],
      ],
      `${(caught as Error).constructor.name} ${code}, ${verdict.observed} (idleMs ${idleMs}, slack ${ctx.settings.slackMs})`,
    );
  },
};

/** During a long silence after commit, `: keepalive` comments keep intermediaries from closing the stream. */
export const keepalive: Check = {
  id: "keepalive",
  expectation: "SSE comments at least every keepaliveMs (+ slack) during post-output silence",
  needs: "gateway",
  async run(ctx, model) {
    const keepaliveMs = ctx.settings.keepaliveMs;
    if (keepaliveMs === null) return { status: "skip", observed: "keepaliveMs unknown: set it in --config" };
    const received = await probe(ctx, model);
    if (received.status !== 200) return { status: "fail", observed: describeProbe(received) };
    const facts = streamFacts(received.events);
    const lastDelta = facts.deltaTimes.at(-1);
    if (lastDelta === undefined) return { status: "fail", observed: "no content before the silence" };
    const verdict = judgeKeepalive(lastDelta, facts.comments, keepaliveMs, ctx.settings.slackMs);
    return { status: verdict.pass ? "pass" : "fail", observed: `${verdict.observed} (keepaliveMs ${keepaliveMs})` };
  },
};
