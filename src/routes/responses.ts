import type { Context } from "hono";
import type { DataPlaneEnv } from "../app-env.ts";
import { pageOf, pageQuery } from "../doors/responses/input-items-page.ts";
import { resolveItemReferences } from "../doors/responses/item-references.ts";
import { responseIdFor, responseShell } from "../doors/responses/response-object.ts";
import { responsesDoor } from "../doors/responses/responses-door.ts";
import { parseResponsesRequest } from "../doors/responses/responses-request.ts";
import { conversationOf, storedInputItems } from "../doors/responses/stored-input-items.ts";
import { deleteStoredResponse, loadStoredResponse, responseNotFound } from "../doors/responses/stored-responses.ts";
import { inputItemsOf, toChatRequest } from "../doors/responses/to-chat-request.ts";
import { runChat } from "./run-chat.ts";

/** `POST /v1/responses`: the Responses API's door onto the shared chat path. */
export async function createResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const parsed = parseResponsesRequest(await c.req.text());
  const { requestId, receivedAt, journal, key } = c.var;
  const input = await resolveItemReferences(inputItemsOf(parsed), (id) => loadStoredResponse(c.env, key.tenant, id));
  const request = { ...parsed, input };
  const previousId = request.previous_response_id;
  const previous = previousId ? await loadStoredResponse(c.env, key.tenant, previousId) : null;
  if (previousId && !previous) throw responseNotFound(previousId, "previous_response_id");
  const context = previous ? conversationOf(previous) : [];
  const chat = toChatRequest(request, context);
  const shell = responseShell(request, responseIdFor(requestId), Math.floor(receivedAt / 1000));
  const inputItems = storedInputItems(shell.id, input);
  const door = responsesDoor(shell, (response) => {
    if (shell.store) journal.emit({ type: "response_stored", stored: { response, inputItems, context } });
  });
  return runChat(c, chat, door);
}

/** `GET /v1/responses/{id}`: a stored response of the key's tenant. */
export async function retrieveResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const stored = await loadStoredResponse(c.env, c.var.key.tenant, id);
  if (!stored) throw responseNotFound(id);
  return c.json(stored.response);
}

/** `DELETE /v1/responses/{id}`: forgets the stored response (the request's record stays). */
export async function deleteResponse(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (!(await deleteStoredResponse(c.env, c.var.key.tenant, id))) throw responseNotFound(id);
  return c.json({ id, object: "response", deleted: true });
}

/** `GET /v1/responses/{id}/input_items`: the response's input, paged as OpenAI pages lists. */
export async function listInputItems(c: Context<DataPlaneEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const query = pageQuery((name) => c.req.query(name));
  const stored = await loadStoredResponse(c.env, c.var.key.tenant, id);
  if (!stored) throw responseNotFound(id);
  return c.json(pageOf(stored.inputItems, query));
}
