import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { REQUEST_ID_PATTERN } from "../config/name-grammar.ts";
import { requestObject } from "../durable/request-object.ts";
import { invalidRequest, notFound } from "../http/gateway-error.ts";

/** An SSE event number from the client (`Last-Event-ID`, `after`, `starting_after`); -1 (from the start) when absent. */
export function eventCursor(value: string | undefined, param: string): number {
  if (value === undefined || value === "") return -1;
  if (!/^\d{1,9}$/.test(value.trim()))
    throw invalidRequest(`'${param}' must be an event number (an integer from 0).`, param, "invalid_event_number");
  return Number(value.trim());
}

/** The stream of request `requestId` after event `after`, from its object (replayed, then live); null when it has none for this tenant. */
export async function followStream(c: Context<DataPlaneEnv>, requestId: string, after: number): Promise<Response | null> {
  if (!REQUEST_ID_PATTERN.test(requestId)) return null;
  const followed = await requestObject(c.env, requestId).followDurable(c.get("key").tenant, after);
  return followed ? new Response(followed.body, followed) : null;
}

/**
 * `GET /v1/chat/completions/{request-id}/stream`: resumes a resumable chat stream after the
 * `Last-Event-ID` (or `?after=N`) the client last saw; never a second generation.
 */
export async function resumeChatStream(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const lastEventId = c.req.header("last-event-id");
  const after = lastEventId !== undefined ? eventCursor(lastEventId, "Last-Event-ID") : eventCursor(c.req.query("after"), "after");
  const followed = await followStream(c, id, after);
  if (!followed) throw notFound(`No resumable stream for request '${id.slice(0, 100)}'.`, "stream_not_found");
  return followed;
}
