import type { EventReader } from "../stream/sse-decoder.ts";
import { untilAborted } from "../stream/upstream-abort.ts";
import type { UpstreamEvent } from "../stream/upstream-event.ts";
import { attemptFailure } from "./attempt-failure.ts";
import type { AttemptOutcome, AttemptRunner } from "./attempt-outcome.ts";
import { isContentBearing } from "./commit-rule.ts";
import { failureFromThrown, openUpstream } from "./open-upstream.ts";

/** What a committed streaming attempt hands on: the held preamble and the rest of the stream. */
export interface CommittedStream {
  held: UpstreamEvent[];
  reader: EventReader<UpstreamEvent>;
}

/** Preamble events held before commit; more means the upstream is not answering. */
const MAX_HELD_EVENTS = 1_000;

/**
 * A streaming attempt up to its commit point: reads events, holding preamble, until the first
 * content-bearing event (or `[DONE]`). Errors, drops and empty endings before that are failures.
 */
export const runStreamAttempt: AttemptRunner<CommittedStream> = async (adapter, call, abort) => {
  const opened = await openUpstream(adapter, call, abort);
  if (!opened.ok) return opened.outcome;
  const { response, firstByteAt } = opened;
  const failed = (kind: "error_event" | "invalid_response" | "ended_before_output", reason: string): AttemptOutcome<CommittedStream> => ({
    kind: "failed",
    failure: attemptFailure(kind, reason, { status: response.status }),
    firstByteAt,
  });
  if (!response.body) return failed("invalid_response", "200 without a body");

  const reader = adapter.streamEvents(response.body).getReader();
  const held: UpstreamEvent[] = [];
  let committed = false;
  try {
    while (held.length < MAX_HELD_EVENTS) {
      const { value, done } = await untilAborted(reader.read(), abort.signal);
      if (done) return failed("ended_before_output", "the stream ended before any content");
      if (value.type === "error") return failed("error_event", `error event before output: ${value.message}`);
      held.push(value);
      if (value.type === "done" || isContentBearing(value.chunk)) {
        committed = true;
        return { kind: "committed", success: { held, reader }, status: response.status, firstByteAt };
      }
    }
    return failed("invalid_response", `${MAX_HELD_EVENTS} events without content`);
  } catch (error) {
    return { kind: "failed", failure: failureFromThrown(error, abort), firstByteAt };
  } finally {
    if (!committed) reader.cancel().catch(() => {});
  }
};
