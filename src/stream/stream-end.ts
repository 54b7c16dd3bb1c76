/** Codes of the final error event that ends an interrupted stream (CONTRACT.md). */
export type InterruptionCode = "stream_interrupted" | "idle_timeout" | "total_timeout" | "response_contract_violation";

/** How a committed stream ended, for the log. */
export type StreamEnd =
  | { kind: "completed" }
  | { kind: "interrupted"; code: InterruptionCode; reason: string }
  | { kind: "client_aborted" };
