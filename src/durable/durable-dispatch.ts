import type { Context, MiddlewareHandler } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import type { DurableDoor } from "./durable-door.ts";
import type { DurableMode, HostedCall } from "./durable-job.ts";
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyReused, parseIdempotencyKey, requestFingerprint } from "./idempotency-key.ts";
import { idempotencyStub } from "./idempotency-object.ts";
import { requestObject } from "./request-object.ts";

/** Request header that makes a chat completion resumable (README "Durable requests"). */
export const RESUMABLE_HEADER = "x-gateway-resumable";

/** Headers the hosted run does not get: credentials (it is authenticated by key id) and framing. */
const NOT_FORWARDED = new Set(["authorization", "x-api-key", "x-goog-api-key", "cookie", "proxy-authorization", "host", "content-length"]);

/** Which durable mode a request asked for, or null for an inline request (the default, and the cheapest). */
export function durableModeOf(input: {
  door: DurableDoor;
  idempotencyKey: string | null;
  resumable: string | undefined;
  body: () => string;
}): DurableMode | null {
  const { door } = input;
  if (door.modeOfBody) {
    const mode = door.modeOfBody(input.body());
    if (mode) return mode;
  } else if (door.resumable && input.resumable === "true") return "resumable";
  return input.idempotencyKey === null ? null : "idempotent";
}

/** The client's request as its object will run it. */
function hostedCall(request: Request, body: string): HostedCall {
  const headers = [...request.headers].filter(([name]) => !NOT_FORWARDED.has(name));
  return { url: request.url, method: request.method, headers, body };
}

/** A response from another object, with headers this Worker may still add to. */
function ownHeaders(response: Response): Response {
  return new Response(response.body, response);
}

/**
 * Data-plane middleware for a generating door's route: a request that asked for durability
 * (background, resumable, or an Idempotency-Key) is handed to its Durable Object, which runs it and
 * keeps its events; a duplicate key joins the generation it names. Inline requests pass through.
 */
export const durableRequests =
  (door: DurableDoor): MiddlewareHandler<DataPlaneEnv> =>
  async (c, next) => {
    if (c.get("hosted")) return next();
    const idempotencyKey = parseIdempotencyKey(c.req.header(IDEMPOTENCY_KEY_HEADER));
    const resumable = c.req.header(RESUMABLE_HEADER);
    // A door that decides on headers alone (chat completions) leaves an inline request's body to its route.
    const body = idempotencyKey !== null || resumable === "true" || door.modeOfBody ? await c.req.text() : "";
    const mode = durableModeOf({ door, idempotencyKey, resumable, body: () => body });
    if (!mode) return next();
    const key = c.get("key");
    const requestId = c.get("requestId");
    const journal = c.get("journal");
    if (idempotencyKey === null) return hostInObject(c, mode, body);
    // The key's id is part of what makes two requests the same: another key never receives this one's generation.
    const fingerprint = await requestFingerprint(c.req.path, body, key.id);
    const claims = idempotencyStub(c.env, key.tenant, idempotencyKey);
    const claim = await claims.claim(fingerprint, requestId, Date.now());
    if (claim.kind === "conflict") throw idempotencyKeyReused();
    if (claim.kind === "existing") {
      const attached = await requestObject(c.env, claim.requestId).attachDurable(requestId, Date.now());
      // The first request never started its generation: the key is freed for the client's retry.
      if (attached.status === 409) await claims.release(claim.requestId);
      // This request has no generation of its own: the generation's record lists it.
      journal.handOff();
      return ownHeaders(attached);
    }
    try {
      return await hostInObject(c, mode, body);
    } catch (error) {
      await claims.release(requestId);
      throw error;
    }
  };

/** Hands the request to its own object, which runs it under the same id and writes its record. */
export async function hostInObject(c: Context<DataPlaneEnv>, mode: DurableMode, body: string): Promise<Response> {
  const key = c.get("key");
  const requestId = c.get("requestId");
  const receivedAt = c.get("receivedAt");
  const journal = c.get("journal");
  const trace = c.get("trace");
  const started = await requestObject(c.env, requestId).startDurable({
    requestId,
    receivedAt,
    trace,
    tenant: key.tenant,
    keyId: key.id,
    mode,
    call: hostedCall(c.req.raw, c.get("secrets").redact(body)),
    secrets: c.get("secrets").list(),
  });
  // The object's run of this request writes its record, under the same id.
  journal.handOff();
  return ownHeaders(started);
}
