import type { StoredResponse } from "../../logs/log-record.ts";
import { requestIdOf } from "./response-object.ts";
import type { InputItem } from "./responses-request.ts";
import { conversationOf } from "./stored-input-items.ts";
import { responseNotFound } from "./stored-responses.ts";

/**
 * What `previous_response_id` names: nothing; a response the gateway stored (the conversation it
 * continues); or an id the gateway never gave out, which only a Responses-native upstream can
 * know (one it stored itself, answering an earlier request as sent).
 */
export type PreviousResponse = { kind: "none" } | { kind: "stored"; context: InputItem[] } | { kind: "upstream"; id: string };

/** The response `id` names, read from the tenant's store; a gateway id it does not have is a 404. */
export async function previousResponse(
  id: string | null | undefined,
  load: (id: string) => Promise<StoredResponse | null>,
): Promise<PreviousResponse> {
  if (!id) return { kind: "none" };
  const stored = await load(id);
  if (stored) return { kind: "stored", context: conversationOf(stored) };
  if (requestIdOf(id) === null) return { kind: "upstream", id };
  throw responseNotFound(id, "previous_response_id");
}

/** Why a translated target cannot continue an upstream's response: it never saw it. */
export function upstreamOnly(previous: PreviousResponse): { param: string; message: string } | null {
  if (previous.kind !== "upstream") return null;
  return {
    param: "previous_response_id",
    message: `'${previous.id}' is not a response of this gateway: only a target that speaks the Responses API (and stored it) can continue it`,
  };
}
