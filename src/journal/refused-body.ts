import type { ConfigStore } from "../config/config-store.ts";
import { NAME_MAX_CHARS } from "../platform-limits.ts";
import type { RequestEvent } from "./request-event.ts";
import type { RequestJournal } from "./request-journal.ts";

/** What a refused request's record keeps of its body: the JSON text it carries, its `stream` flag and the `model` it named. */
export interface RefusedBody {
  /** The body as JSON text: itself when it parses, else the text as a JSON string. */
  json: string;
  stream: boolean;
  model: string | null;
}

/** What a door's path says about its request, where the body does not (Gemini names the model and streaming in the path). */
export interface PathFields {
  model: string;
  stream: boolean;
}

/**
 * The body a client sent, read for the record of a request refused before it was routed, with
 * what its path says (`fromPath`) filling what the body does not. Pure.
 */
export function refusedBody(text: string, fromPath: PathFields | null = null): RefusedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { json: JSON.stringify(text), stream: fromPath?.stream ?? false, model: fromPath?.model ?? null };
  }
  const fields = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  // The client's own text, not a serialization of the parse: no recursion on its depth.
  return {
    json: text,
    stream: fields.stream === true || fromPath?.stream === true,
    model: typeof fields.model === "string" ? fields.model : (fromPath?.model ?? null),
  };
}

/**
 * The `body_read` event for a data-plane request that failed before it was routed, when its body
 * can be read (not past the body limit, not consumed elsewhere) and belongs to a tenant (an
 * unidentified request's record is nobody's to read). A body naming a workflow that keeps
 * metadata only is not kept; nor is one whose workflow cannot be looked up. `fromPath`: what the
 * door reads from the path (the model and streaming, for a door that names them there).
 */
export async function refusedBodyEvent(
  journal: RequestJournal | undefined,
  store: ConfigStore,
  readText: () => Promise<string>,
  fromPath: PathFields | null = null,
): Promise<RequestEvent | null> {
  const tenant = journal?.state.tenant;
  if (!journal || !tenant || journal.state.request !== null || journal.state.ended) return null;
  let text: string;
  try {
    text = await readText();
  } catch {
    return null;
  }
  const body = refusedBody(text, fromPath);
  if (body.model && !body.model.includes("/") && body.model.length <= NAME_MAX_CHARS) {
    const workflow = await store.getWorkflow(tenant, body.model).catch(() => undefined);
    if (workflow === undefined || workflow?.logContent === "metadata") return null;
  }
  return { type: "body_read", json: body.json, stream: body.stream };
}
