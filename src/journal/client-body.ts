import type { RequestEvent } from "./request-event.ts";

/**
 * A client's body for the record of a refused request: its JSON object as sent, or (not JSON, or
 * not an object) its text, so "was it the payload?" has an answer. The record's writer bounds its
 * size; secrets are redacted when it is written, as for every body.
 */
export function bodyReceived(text: string): Extract<RequestEvent, { type: "body_received" }> {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null && !Array.isArray(json)) {
      const request = json as Record<string, unknown>;
      return { type: "body_received", request, stream: request.stream === true };
    }
  } catch {
    // not JSON: kept as text below
  }
  return { type: "body_received", request: { body: text }, stream: false };
}

/**
 * Whether a refusal's record should keep the client's body: a data-plane POST refused for what it
 * carried (4xx), not one too large to read (413) nor one from a caller no key names (401).
 */
export function keepsRefusedBody(method: string, status: number): boolean {
  return method === "POST" && status >= 400 && status < 500 && status !== 413 && status !== 401;
}
