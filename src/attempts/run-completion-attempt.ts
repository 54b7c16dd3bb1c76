import type { ChatCompletion } from "../chat/openai-types.ts";
import { UPSTREAM_BODY_MAX_BYTES } from "../platform-limits.ts";
import { NATIVE_ANSWER, type WithNativeAnswer } from "../providers/native-request.ts";
import { readResponseTextUpTo } from "../stream/read-text-up-to.ts";
import { untilAborted } from "../stream/upstream-abort.ts";
import { UpstreamTooLargeError } from "../stream/upstream-too-large.ts";
import { attemptFailure } from "./attempt-failure.ts";
import type { AttemptRunner } from "./attempt-outcome.ts";
import { failureFromThrown, openUpstream } from "./open-upstream.ts";

/** A non-streamed attempt: it commits only with a complete, successful body. */
export const runCompletionAttempt: AttemptRunner<ChatCompletion> = async (adapter, call, abort) => {
  const opened = await openUpstream(adapter, call, abort);
  if (!opened.ok) return opened.outcome;
  const { response, firstByteAt } = opened;
  let text: string;
  try {
    // Bounded: a body that never ends (or is simply huge) must not be read, nor held, whole.
    const read = await untilAborted(readResponseTextUpTo(response, UPSTREAM_BODY_MAX_BYTES), abort.signal);
    if (read.overflowed) throw new UpstreamTooLargeError("a body", UPSTREAM_BODY_MAX_BYTES, "bytes");
    text = read.text;
  } catch (error) {
    return { kind: "failed", failure: failureFromThrown(error, abort), firstByteAt };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      kind: "failed",
      failure: attemptFailure("invalid_response", "200 with a body that is not JSON", { status: response.status }),
      firstByteAt,
    };
  }
  const result = adapter.completion(json);
  if (!result.ok) {
    return { kind: "failed", failure: attemptFailure("invalid_response", result.message, { status: response.status }), firstByteAt };
  }
  // The upstream's own body rides along (unserialized) for a door that passes it through.
  const success: WithNativeAnswer<ChatCompletion> = { ...result.completion, [NATIVE_ANSWER]: text };
  return { kind: "committed", success, status: response.status, firstByteAt };
};
