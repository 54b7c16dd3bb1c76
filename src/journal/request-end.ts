import type { StreamEnd } from "../stream/stream-end.ts";
import type { JournalState } from "./journal-state.ts";
import type { RequestEvent } from "./request-event.ts";

type Ended = Extract<RequestEvent, { type: "ended" }>;

function streamOutcome(state: JournalState, end: StreamEnd): Ended {
  switch (end.kind) {
    case "completed":
      return { type: "ended", outcome: "completed", httpStatus: 200, disconnect: null };
    case "client_aborted":
      return { type: "ended", outcome: "client_aborted", httpStatus: 200, disconnect: "client" };
    case "interrupted":
      return {
        type: "ended",
        outcome: hasPartialOutput(state) ? "failed_after_output" : "failed_before_output",
        httpStatus: 200,
        disconnect: end.code === "stream_interrupted" ? "upstream" : "gateway",
      };
  }
}

/** Did the client receive any of the answer (text or tool calls)? */
export function hasPartialOutput(state: JournalState): boolean {
  return (state.delivered?.textChars ?? 0) > 0 || state.eventCounts.toolCallDeltas > 0;
}

/**
 * The one rule for when a request is over, and how: null while it still runs (no response yet,
 * or a committed stream still open); otherwise its outcome, from the facts folded so far.
 */
export function requestEnd(state: JournalState): Ended | null {
  if (state.ended || state.responseStatus === null) return null;
  if (state.streamEnd) return streamOutcome(state, state.streamEnd);
  if (state.streaming) return null;
  const status = state.responseStatus;
  if (status === 499) return { type: "ended", outcome: "client_aborted", httpStatus: status, disconnect: "client" };
  if (status < 400) return { type: "ended", outcome: "completed", httpStatus: status, disconnect: null };
  // Refused input is `rejected`; once a target was tried, the failure is the upstreams'.
  const outcome = status >= 500 || state.attempts.length > 0 ? "failed_before_output" : "rejected";
  return { type: "ended", outcome, httpStatus: status, disconnect: null };
}
