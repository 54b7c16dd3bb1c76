/**
 * The floor: the least a Worker in front of the upstream can do. One `fetch` to the upstream with
 * the client's method, headers and body; the upstream's response (status, headers, body) is
 * streamed back as it arrives. Runs under `wrangler dev` exactly as the gateway does
 * (`bench/wrangler.floor.jsonc`); the upstream's base URL comes in as the `UPSTREAM` var.
 *
 * Two floors in one Worker, chosen per request by `x-bench-floor`:
 * - `native` (default): the upstream's body handed to the Response untouched (workerd pipes it natively);
 * - `js-read`: the body read chunk by chunk in JavaScript and re-enqueued, untouched. Any Worker that
 *   must see a stream's events (the gateway's commit gate, usage, redaction) pays at least this.
 *
 * Written against the DOM types only: `tsconfig.node.json` checks bench/ with Node's types.
 */
function readInJavaScript(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

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
    const jsRead = request.headers.get("x-bench-floor") === "js-read" && upstream.body;
    return new Response(jsRead ? readInJavaScript(jsRead) : upstream.body, upstream);
  },
};
