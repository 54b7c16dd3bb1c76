import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { backgroundView } from "../doors/responses/background-response.ts";
import { pageOf, pageQuery } from "../doors/responses/input-items-page.ts";
import { resolveItemReferences } from "../doors/responses/item-references.ts";
import { nativeBody } from "../doors/responses/native-body.ts";
import { previousResponse, upstreamOnly } from "../doors/responses/previous-response.ts";
import { requestIdOf, responseIdFor, responseObject, responseShell } from "../doors/responses/response-object.ts";
import { responsesDoor } from "../doors/responses/responses-door.ts";
import { parseResponsesRequest } from "../doors/responses/responses-request.ts";
import { storedInputItems } from "../doors/responses/stored-input-items.ts";
import { deleteStoredResponse, loadResponse, loadStoredResponse, responseNotFound } from "../doors/responses/stored-responses.ts";
import { inputItemsOf, toChatRequest } from "../doors/responses/to-chat-request.ts";
import { asJob, requestObject } from "../durable/request-object.ts";
import { invalidRequest } from "../http/gateway-error.ts";
import { resolveRoute } from "../workflow/resolve-route.ts";
import { eventCursor, followStream } from "./resume.ts";
import { runChat } from "./run-chat.ts";

/** `POST /v1/responses`: the Responses API's door onto the shared chat path. */
export async function createResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const { request: parsed, body } = parseResponsesRequest(await c.req.text());
  const requestId = c.get("requestId");
  const receivedAt = c.get("receivedAt");
  const journal = c.get("journal");
  const key = c.get("key");
  const input = await resolveItemReferences(inputItemsOf(parsed), (id) => loadStoredResponse(c.env, key.tenant, id));
  const request = { ...parsed, input };
  const previous = await previousResponse(request.previous_response_id, (id) => loadStoredResponse(c.env, key.tenant, id));
  const context = previous.kind === "stored" ? previous.context : [];
  const route = await resolveRoute(c.get("store"), key, request.model);
  const translated = toChatRequest(request, context, route.hostedTools);
  const { chat, dropped } = translated;
  const refused = translated.refused ?? upstreamOnly(previous);
  const shell = responseShell(request, responseIdFor(requestId), Math.floor(receivedAt / 1000));
  const inputItems = storedInputItems(shell.id, input);
  const native = { body: nativeBody(body, input, context, previous.kind === "stored"), headers: {} };
  const door = responsesDoor(shell, { body, dropped, refused, native }, (response) => {
    if (shell.store) journal.emit({ type: "response_stored", stored: { response, inputItems, context } });
  });
  // Background mode (run by the request's object): once the workflow is known to exist (a 404 is
  // answered, not queued), the client is answered and the generation goes on.
  const hosted = c.get("hosted");
  if (shell.background && hosted) {
    hosted.accepted(responseObject(shell, { status: "queued", output: [], usage: null }));
  }
  return runChat(c, chat, door);
}

/**
 * `GET /v1/responses/{id}`: a stored response of the key's tenant; a background one with its live
 * status. With `stream=true`, a background stream replayed after `starting_after` and followed live.
 */
export async function retrieveResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (c.req.query("stream") === "true") {
    const requestId = requestIdOf(id);
    const followed = requestId ? await followStream(c, requestId, eventCursor(c.req.query("starting_after"), "starting_after")) : null;
    if (!followed) throw responseNotFound(id);
    return followed;
  }
  const { stored, background } = await loadResponse(c.env, c.get("key").tenant, id);
  if (background) return c.json(backgroundView(background, stored));
  if (!stored) throw responseNotFound(id);
  return c.json(stored.response);
}

/** `POST /v1/responses/{id}/cancel`: stops a background response (its upstream is closed); a finished one is returned as it is. */
export async function cancelResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const requestId = requestIdOf(id);
  // Straight to the object: a cancel never runs a lost job again just to stop it.
  const job = requestId ? asJob(await requestObject(c.env, requestId).cancelDurable(c.get("key").tenant)) : null;
  if (!job?.shell || job.mode !== "background") {
    if (await loadStoredResponse(c.env, c.get("key").tenant, id))
      throw invalidRequest("Only background responses can be cancelled.", null, "not_background");
    throw responseNotFound(id);
  }
  const stored = job.status === "cancelled" ? null : await loadStoredResponse(c.env, c.get("key").tenant, id);
  return c.json(backgroundView(job, stored));
}

/** `DELETE /v1/responses/{id}`: forgets the stored response (the request's record stays). */
export async function deleteResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (!(await deleteStoredResponse(c.env, c.get("key").tenant, id))) throw responseNotFound(id);
  return c.json({ id, object: "response", deleted: true });
}

/** `GET /v1/responses/{id}/input_items`: the response's input, paged as OpenAI pages lists. */
export async function listInputItems(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const query = pageQuery((name) => c.req.query(name));
  const stored = await loadStoredResponse(c.env, c.get("key").tenant, id);
  if (!stored) throw responseNotFound(id);
  return c.json(pageOf(stored.inputItems, query));
}
