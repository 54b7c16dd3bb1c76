import { type Check, type DrillContext, type Outcome, outcomeOf } from "../check.ts";
import { attemptsNamed } from "../judge.ts";
import { describeProbe, probe } from "../requests.ts";
import { streamFacts } from "../stream-facts.ts";

/** The attempt chain as the log records it: `provider/model decision → …`. */
function chainOf(record: any): string {
  return (record?.attempts ?? []).map((a: any) => `${a.provider}/${a.model} ${a.decision}`).join(" → ");
}

/**
 * A failure before any content reaches the client is recovered: another target serves, the
 * headers say which and after how many attempts, and the log shows the chain.
 */
async function failsOver(ctx: DrillContext, model: string): Promise<Outcome> {
  const received = await probe(ctx, model);
  if (received.status !== 200) return { status: "fail", observed: describeProbe(received) };
  const facts = streamFacts(received.events);
  const attempts = Number(received.headers.get("x-gateway-attempts"));
  const provider = received.headers.get("x-gateway-provider");
  const served = `${provider}/${received.headers.get("x-gateway-model")}`;
  const fixture = ctx.fixture;
  const conditions: Array<[boolean, string]> = [
    [attempts >= 2, `x-gateway-attempts ${received.headers.get("x-gateway-attempts")}`],
    [provider !== null, "no x-gateway-provider"],
    [!fixture || provider === fixture.backup, `served by ${provider}, not the backup`],
    [!fixture || facts.text === fixture.backupText, `text ${JSON.stringify(facts.text.slice(0, 60))}`],
    [facts.errors.length === 0, `error event reached the client: ${facts.errors[0]?.message}`],
    [facts.doneCount === 1 && facts.last === "done", "did not end with [DONE]"],
  ];
  let log = "log not read (no --admin-token)";
  if (ctx.admin && ctx.tenant) {
    const record = await ctx.admin.logRecord(ctx.tenant, received.headers.get("x-request-id"));
    const attemptsLogged: any[] = record?.attempts ?? [];
    log = record ? `log: ${chainOf(record)}` : "no log record within 5 s";
    conditions.push(
      [record !== null, "no log record"],
      [record?.outcome === "completed", `log outcome ${record?.outcome}`],
      [attemptsLogged.length === attempts, `log has ${attemptsLogged.length} attempts, header ${attempts}`],
      [
        attemptsLogged.at(-1)?.decision === "commit" && attemptsLogged.at(-1)?.provider === provider,
        "last logged attempt is not the commit",
      ],
      [
        attemptsLogged.slice(0, -1).every((a) => a.decision === "retry" || a.decision === "fallback"),
        "earlier attempts not retry/fallback",
      ],
    );
  }
  return outcomeOf(conditions, `200 after ${attempts} attempts, served by ${served}; ${log}`);
}

export const failoverBeforeOutput: Check = {
  id: "failover-before-output",
  expectation: "primary fails (HTTP 503) before output → backup serves; x-gateway-attempts/-provider and the log show the chain",
  needs: "gateway",
  run: failsOver,
};

export const errorEventBeforeOutput: Check = {
  id: "error-event-before-output",
  expectation: "primary answers 200 then an error event before content → backup serves, the client never sees the error",
  needs: "gateway",
  run: failsOver,
};

/** When every target fails, the client gets one JSON error that names each attempt. */
export const allTargetsFail: Check = {
  id: "all-targets-fail",
  expectation: "502/504 OpenAI-shaped JSON error whose message names every attempt (provider/model, reason)",
  needs: "gateway",
  async run(ctx: DrillContext, model: string) {
    const received = await probe(ctx, model);
    let body: any = null;
    try {
      body = JSON.parse(received.text ?? "");
    } catch {
      // judged below
    }
    const message = String(body?.error?.message ?? "");
    const attempts = Number(received.headers.get("x-gateway-attempts"));
    const expectedTargets = ctx.fixture ? [`${ctx.fixture.primary}/status-503`, `${ctx.fixture.backup}/status-500`] : [];
    return outcomeOf(
      [
        [received.status === 502 || received.status === 504, `status ${received.status}`],
        [typeof body?.error?.message === "string" && "type" in body.error && "code" in body.error, "not an OpenAI error body"],
        [attempts >= 1 && attemptsNamed(message) >= attempts, `message names ${attemptsNamed(message)} of ${attempts} attempts`],
        [expectedTargets.every((t) => message.includes(t)), `message does not name ${expectedTargets.join(" and ")}`],
        [!received.headers.has("x-gateway-provider"), "x-gateway-provider set though nothing served"],
      ],
      `${received.status}, ${attempts} attempts: ${message.slice(0, 200)}`,
    );
  },
};
