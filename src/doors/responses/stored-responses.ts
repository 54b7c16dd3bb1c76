import { type DurableJob, TERMINAL } from "../../durable/durable-job.ts";
import { asJob } from "../../durable/request-object.ts";
import { GatewayError } from "../../http/gateway-error.ts";
import type { StoredResponse } from "../../logs/log-record.ts";
import type { StoredResponseRead } from "../../logs/stored-response-rows.ts";
import { requestIdOf } from "./response-object.ts";

/** OpenAI's 404 for an id it does not have (also another tenant's id: no existence leaks); long ids are cut in the message. */
export function idNotFound(what: "Response" | "Item", id: string, param: string | null): GatewayError {
  const shown = id.length > 100 ? `${id.slice(0, 100)}…` : id;
  return new GatewayError({
    status: 404,
    type: "invalid_request_error",
    code: what === "Response" ? "response_not_found" : "item_not_found",
    param,
    publicMessage: `${what} with id '${shown}' not found.`,
  });
}

/** The 404 for a response id. */
export function responseNotFound(id: string, param: string | null = null): GatewayError {
  return idNotFound("Response", id, param);
}

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/** When the request behind a response id arrived: its first 10 characters are milliseconds in Crockford base32 (`newRequestId`). */
function receivedAtMs(requestId: string): number {
  let ms = 0;
  for (const char of requestId.slice(4, 14)) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

/**
 * A response is written when its request settles, just after the client has it; a client that
 * asks at once (the next turn's `previous_response_id`) may arrive first. While the request is
 * recent and not settled, wait a little (bounded) rather than answer a false 404.
 */
const SETTLE_WAITS_MS = [50, 100, 200, 400, 800];
const RECENT_MS = 15 * 60_000;

/** A response id as its request's object holds it for `tenant`: the stored response, and the background job behind it. */
export interface ResponseState {
  stored: StoredResponse | null;
  /** Set for a background response (its status while it runs, or how it ended). */
  background: DurableJob | null;
}

/** The state of response `id` for `tenant` (nothing for an unknown, deleted, expired or another tenant's id): one call per read. */
export async function loadResponse(env: Env, tenant: string, id: string): Promise<ResponseState> {
  const requestId = requestIdOf(id);
  if (!requestId) return { stored: null, background: null };
  const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId));
  const recent = Date.now() - receivedAtMs(requestId) < RECENT_MS;
  for (let attempt = 0; ; attempt++) {
    // RPC's typing drops the job's tuple types (see asJob): read as what it is.
    const read = (await stub.readResponse()) as unknown as StoredResponseRead & { background: unknown };
    const job = asJob(read.background);
    const background = job?.tenant === tenant ? job : null;
    if (read.json) {
      const { tenant: owner, ...stored } = JSON.parse(read.json) as StoredResponse & { tenant: string };
      return { stored: owner === tenant ? stored : null, background };
    }
    // A background response still running has nothing stored yet: nothing to wait for.
    const running = background !== null && !TERMINAL.has(background.status);
    const wait = SETTLE_WAITS_MS[attempt];
    if (running || read.settled || !recent || wait === undefined) return { stored: null, background };
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The stored response `id` of `tenant`, or null (unknown, not stored, deleted, expired or another tenant's). */
export async function loadStoredResponse(env: Env, tenant: string, id: string): Promise<StoredResponse | null> {
  return (await loadResponse(env, tenant, id)).stored;
}

/** Deletes a stored response of `tenant`; false when there was none to delete. */
export async function deleteStoredResponse(env: Env, tenant: string, id: string): Promise<boolean> {
  const requestId = requestIdOf(id);
  if (!requestId || !(await loadStoredResponse(env, tenant, id))) return false;
  return env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId)).deleteResponse();
}
