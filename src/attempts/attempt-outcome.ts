import type { ProviderAdapter, ProviderCall } from "../providers/provider-adapter.ts";
import type { UpstreamAbort } from "../stream/upstream-abort.ts";
import type { AttemptFailure } from "./attempt-failure.ts";

/** One attempt's result: committed with what it produced (`S`), or failed before output. */
export type AttemptOutcome<S> =
  | { kind: "committed"; success: S; status: number; firstByteAt: number }
  | { kind: "failed"; failure: AttemptFailure; firstByteAt: number | null };

/** Runs one upstream attempt under `abort`; never throws. */
export type AttemptRunner<S> = (adapter: ProviderAdapter, call: ProviderCall, abort: UpstreamAbort) => Promise<AttemptOutcome<S>>;
