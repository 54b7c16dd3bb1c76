import { handleFauxRequest } from "../../src/providers/faux/faux-server.ts";
import { type LoopbackUpstream, startLoopbackUpstream } from "./loopback-upstream.ts";

/** A loopback upstream whose models named in `failing` answer 503 until removed: an outage that ends. */
export async function startSwitchableUpstream(): Promise<LoopbackUpstream & { failing: Set<string> }> {
  const failing = new Set<string>();
  const upstream = await startLoopbackUpstream(async (request) => {
    const body = (await request
      .clone()
      .json()
      .catch(() => ({}))) as { model?: string };
    if (body.model && failing.has(body.model))
      return Response.json({ error: { message: "outage", type: "server_error", code: null } }, { status: 503 });
    return handleFauxRequest(request);
  });
  return Object.assign(upstream, { failing });
}
