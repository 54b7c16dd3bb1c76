import type { Target } from "../config/schemas.ts";
import type { AttemptRecord } from "./attempt-record.ts";

/** The attempt loop's part of a request's events (the journal's `RequestEvent` includes it). */
export type AttemptEvent =
  | { type: "attempt_started"; target: Target }
  /** One attempt ended with its decision; `providerType` prices it without another read. */
  | { type: "attempt_ended"; attempt: AttemptRecord; providerType: string | null };
