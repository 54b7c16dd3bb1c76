/**
 * The floor: the least a Worker in front of the upstream can do. One `fetch` to the upstream with
 * the client's method, headers and body; the upstream's response (status, headers, body) is
 * streamed back as it arrives. Runs under `wrangler dev` exactly as the gateway does
 * (`bench/wrangler.floor.jsonc`); the upstream's base URL comes in as the `UPSTREAM` var.
 *
 * Written against the DOM types only: `tsconfig.node.json` checks bench/ with Node's types.
 */
export default {
  async fetch(request: Request, env: { UPSTREAM: string }): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return new Response("ok");
    // `/v1/chat/completions` → `${UPSTREAM}/chat/completions` (UPSTREAM ends in `/v1`).
    const upstream = await fetch(`${env.UPSTREAM}${url.pathname.replace(/^\/v1/, "")}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    return new Response(upstream.body, upstream);
  },
};
