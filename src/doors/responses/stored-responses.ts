import { GatewayError } from "../../http/gateway-error.ts";
import type { StoredResponse } from "../../logs/log-record.ts";
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

/** The stored response `id` of `tenant`, or null (unknown, not stored, deleted, expired or another tenant's). */
export async function loadStoredResponse(env: Env, tenant: string, id: string): Promise<StoredResponse | null> {
  const requestId = requestIdOf(id);
  if (!requestId) return null;
  const stub = env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId));
  const recent = Date.now() - receivedAtMs(requestId) < RECENT_MS;
  for (let attempt = 0; ; attempt++) {
    const read = await stub.readResponse();
    if (read.json) {
      const { tenant: owner, ...stored } = JSON.parse(read.json) as StoredResponse & { tenant: string };
      return owner === tenant ? stored : null;
    }
    const wait = SETTLE_WAITS_MS[attempt];
    if (read.settled || !recent || wait === undefined) return null;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Deletes a stored response of `tenant`; false when there was none to delete. */
export async function deleteStoredResponse(env: Env, tenant: string, id: string): Promise<boolean> {
  const requestId = requestIdOf(id);
  if (!requestId || !(await loadStoredResponse(env, tenant, id))) return false;
  return env.REQUEST_LOG.get(env.REQUEST_LOG.idFromName(requestId)).deleteResponse();
}
