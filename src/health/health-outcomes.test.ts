import { describe, expect, it } from "vitest";
import type { AttemptRecord } from "../attempts/attempt-record.ts";
import { healthPolicy } from "../config/schemas.ts";
import { traceContextOf } from "../http/trace-context.ts";
import { initialState, type JournalState } from "../journal/journal-state.ts";
import { healthOutcomes, isUpstreamFailure } from "./health-outcomes.ts";

const policy = healthPolicy.parse({});

function attempt(extra: Partial<AttemptRecord>): AttemptRecord {
  return {
    provider: "p",
    model: "m",
    startedAtMs: 10,
    firstByteMs: null,
    durationMs: 5,
    status: null,
    errorClass: null,
    reason: null,
    decision: "fallback",
    upstreamHeaders: null,
    droppedParams: [],
    requestBody: {},
    ...extra,
  };
}

function ended(
  attempts: AttemptRecord[],
  outcome: "completed" | "client_aborted" | "failed_after_output",
  extra: Partial<JournalState> = {},
) {
  const state = initialState({
    id: "r",
    clientRequestId: null,
    method: "POST",
    path: "/v1/chat/completions",
    receivedAt: 1_000,
    trace: traceContextOf(null, null),
  });
  const disconnect: "client" | "upstream" | null =
    outcome === "client_aborted" ? "client" : outcome === "failed_after_output" ? "upstream" : null;
  return { ...state, attempts, ended: { type: "ended" as const, outcome, httpStatus: 200, disconnect }, ...extra };
}

describe("which attempts count against a target", () => {
  it.each([
    [{ errorClass: "http_status", status: 503 }, true],
    [{ errorClass: "http_status", status: 429 }, true],
    [{ errorClass: "first_event_timeout" }, true],
    [{ errorClass: "network" }, true],
    [{ errorClass: "error_event", status: 200 }, true],
    [{ errorClass: "invalid_response", status: 200 }, true],
    [{ errorClass: "http_status", status: 400 }, false],
    [{ errorClass: "http_status", status: 401 }, false],
    [{ errorClass: "contract_violation", status: 200 }, false],
    [{ errorClass: "unsupported_parameter" }, false],
    [{ errorClass: "circuit_open", decision: "skip" }, false],
  ] as const)("%o → %s", (extra, counts) => {
    expect(isUpstreamFailure(attempt(extra as Partial<AttemptRecord>))).toBe(counts);
  });
});

describe("a request's health outcomes", () => {
  it("failures, then the commit as a success with its first-event time", () => {
    const state = ended(
      [attempt({ errorClass: "http_status", status: 503 }), attempt({ provider: "b", decision: "commit", status: 200, startedAtMs: 40 })],
      "completed",
      { firstByteMs: 100 },
    );
    expect(healthOutcomes(state, policy, 2_000)).toEqual([
      { provider: "p", model: "m", at: 1_015, ok: false, firstEventMs: null, policy },
      { provider: "b", model: "m", at: 1_045, ok: true, firstEventMs: 60, policy },
    ]);
  });

  it("skips say nothing; the attempt a departing client cut short says nothing", () => {
    const state = ended(
      [attempt({ decision: "skip", errorClass: "circuit_open" }), attempt({ decision: "fail", errorClass: "network" })],
      "client_aborted",
    );
    expect(healthOutcomes(state, policy, 2_000)).toEqual([]);
  });

  it("a stream the upstream dropped after commit counts as a failure", () => {
    const state = ended([attempt({ decision: "commit", status: 200 })], "failed_after_output");
    expect(healthOutcomes(state, policy, 2_000)).toEqual([{ provider: "p", model: "m", at: 2_000, ok: false, firstEventMs: null, policy }]);
  });
});
