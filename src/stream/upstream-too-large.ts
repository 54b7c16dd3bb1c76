/**
 * Thrown while reading an upstream answer that exceeds a size limit (`src/limits.ts`): an SSE
 * line or event, or a non-streamed body. Before commit it fails the attempt as
 * `invalid_response` (failover continues); after commit it ends the stream with the error event.
 */
export class UpstreamTooLargeError extends Error {
  constructor(what: string, limit: number, unit: "bytes" | "characters") {
    super(`the upstream sent ${what} larger than ${limit} ${unit}`);
    this.name = "UpstreamTooLargeError";
  }
}
