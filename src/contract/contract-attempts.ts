import { attemptFailure } from "../attempts/attempt-failure.ts";
import type { AttemptOutcome, AttemptRunner } from "../attempts/attempt-outcome.ts";
import { failureFromThrown } from "../attempts/open-upstream.ts";
import { runCompletionAttempt } from "../attempts/run-completion-attempt.ts";
import { type CommittedStream, runStreamAttempt } from "../attempts/run-stream-attempt.ts";
import { CompletionAssembler } from "../chat/completion-assembler.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import { CONTRACT_MAX_OUTPUT_CHARS } from "../platform-limits.ts";
import { untilAborted } from "../stream/upstream-abort.ts";
import { type ContractVerdict, checkCompletion, describeContractErrors, type ResponseContract } from "./response-contract.ts";

/** Told every verdict, so the log keeps the last one. */
export type VerdictListener = (verdict: ContractVerdict) => void;

function violation<S>(verdict: Extract<ContractVerdict, { ok: false }>, status: number, firstByteAt: number): AttemptOutcome<S> {
  return {
    kind: "failed",
    failure: attemptFailure("contract_violation", `response contract violation: ${describeContractErrors(verdict.errors)}`, { status }),
    firstByteAt,
  };
}

/** The whole (bounded) answer a stream carried, or the verdict that it is too large to validate. */
export function contractVerdictOf(contract: ResponseContract, answer: CompletionAssembler): ContractVerdict {
  if (answer.overflowed)
    return { ok: false, errors: [{ path: "/", message: `the output exceeds ${answer.maxChars} characters, too large to validate` }] };
  return checkCompletion(contract, answer.completion());
}

/**
 * `contract.stream: "end"`: the check a committed stream runs when the upstream completes. A
 * violation becomes the stream's final error event (`response_contract_violation`) instead of `[DONE]`.
 */
export function endOfStreamCheck(
  contract: ResponseContract,
  answer: CompletionAssembler,
  onVerdict: VerdictListener,
): () => { code: "response_contract_violation"; reason: string } | null {
  return () => {
    const verdict = contractVerdictOf(contract, answer);
    onVerdict(verdict);
    return verdict.ok
      ? null
      : {
          code: "response_contract_violation",
          reason: `the answer breaks the response contract: ${describeContractErrors(verdict.errors)}`,
        };
  };
}

/** A non-streamed attempt that commits only when its answer satisfies the contract. */
export function contractCompletionAttempt(contract: ResponseContract, onVerdict: VerdictListener): AttemptRunner<ChatCompletion> {
  return async (adapter, call, abort) => {
    const outcome = await runCompletionAttempt(adapter, call, abort);
    if (outcome.kind !== "committed") return outcome;
    const verdict = checkCompletion(contract, outcome.success);
    onVerdict(verdict);
    return verdict.ok ? outcome : violation(verdict, outcome.status, outcome.firstByteAt);
  };
}

/**
 * `contract.stream: "buffer"`: a streamed attempt read to its end before anything is sent, so a
 * violation (or a drop) is still a failure before output and the loop may fail over. The client
 * then receives the buffered events as one fast stream. `firstEventMs` bounds the whole read.
 */
export function bufferedContractStreamAttempt(contract: ResponseContract, onVerdict: VerdictListener): AttemptRunner<CommittedStream> {
  return async (adapter, call, abort) => {
    const outcome = await runStreamAttempt(adapter, call, abort);
    if (outcome.kind !== "committed") return outcome;
    const { held, reader } = outcome.success;
    const failed = (kind: "error_event" | "ended_before_output", reason: string): AttemptOutcome<CommittedStream> => {
      reader.cancel().catch(() => {});
      return { kind: "failed", failure: attemptFailure(kind, reason, { status: outcome.status }), firstByteAt: outcome.firstByteAt };
    };
    const answer = new CompletionAssembler(CONTRACT_MAX_OUTPUT_CHARS);
    for (const event of held) if (event.type === "chunk") answer.add(event.chunk);
    let sawDone = held.some((event) => event.type === "done");
    try {
      while (!sawDone && !answer.overflowed) {
        const { value, done } = await untilAborted(reader.read(), abort.signal);
        if (done) break;
        if (value.type === "error") return failed("error_event", `error event while buffering for the contract: ${value.message}`);
        held.push(value);
        if (value.type === "chunk") answer.add(value.chunk);
        sawDone = value.type === "done";
      }
    } catch (error) {
      reader.cancel().catch(() => {});
      return { kind: "failed", failure: failureFromThrown(error, abort), firstByteAt: outcome.firstByteAt };
    }
    const unfinished = answer.completion().choices.some((choice) => !choice.finish_reason);
    if (!sawDone && !answer.overflowed && unfinished)
      return failed("ended_before_output", "the stream ended before finishing (buffered for the contract)");
    const verdict = contractVerdictOf(contract, answer);
    onVerdict(verdict);
    if (!verdict.ok) {
      reader.cancel().catch(() => {});
      return violation(verdict, outcome.status, outcome.firstByteAt);
    }
    return outcome;
  };
}
