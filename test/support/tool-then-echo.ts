import { handleFauxRequest } from "../../src/providers/faux/faux-server.ts";

/**
 * An upstream for tool round trips: the faux `tool` model calls the request's first tool, and
 * once the conversation ends in a tool result it answers in text (faux `echo` of the last user
 * message), as a real model does after its tool ran.
 */
export async function toolThenEcho(request: Request): Promise<Response> {
  if (request.method !== "POST") return handleFauxRequest(request);
  const body = (await request.json()) as { model?: string; messages?: Array<{ role?: string }> };
  if (body.messages?.at(-1)?.role === "tool") body.model = "echo";
  return handleFauxRequest(
    new Request(request.url, { method: "POST", headers: request.headers, body: JSON.stringify(body), signal: request.signal }),
  );
}
