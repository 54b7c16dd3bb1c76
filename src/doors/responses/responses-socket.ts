import type { Context } from "hono";
import type { DataPlaneEnv } from "../../app-env.ts";
import { errorBody } from "../../http/error-response.ts";
import { GatewayError } from "../../http/gateway-error.ts";
import { SOCKET_MAX_QUEUED_TURNS } from "../../platform-limits.ts";
import { decodeSse } from "../../stream/sse-decoder.ts";
import { afterTurn, type LastResponse, preparedTurn, turnBody } from "./socket-turn.ts";

/** Headers of the upgrade request that are about the socket, not the turns it carries (one idempotency key cannot name many turns). */
const SOCKET_HEADER = /^(upgrade|connection|host|content-length|sec-websocket-.*|idempotency-key)$/i;

/** One request of a turn, through the whole gateway (auth, workflow, commit gate, record). */
export type TurnDispatch = (request: Request) => Promise<Response>;

/** OpenAI's error event on a socket. */
function errorEvent(status: number, error: unknown): string {
  return JSON.stringify({ type: "error", status, error });
}

/**
 * The Responses API's WebSocket mode on `GET /v1/responses` (with `Upgrade: websocket`). Each
 * `response.create` message is one streamed `POST /v1/responses` through the gateway (so each
 * response has its auth, workflow, commit gate, record, usage and cost), and its events go back
 * one JSON message each, as OpenAI's WebSocket mode sends them. Turns run one at a time (a few
 * may wait, more are refused); the socket remembers its last response so the next may continue
 * it by `previous_response_id`; a `generate: false` turn only prepares (no upstream call, no
 * record). A client that leaves mid-turn aborts that turn (its record says so).
 */
export function responsesSocket(dispatch: (c: Context<DataPlaneEnv>) => TurnDispatch) {
  return (c: Context<DataPlaneEnv>): Response => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new GatewayError({
        status: 426,
        type: "invalid_request_error",
        code: "upgrade_required",
        publicMessage: "GET /v1/responses is the Responses API's WebSocket mode: connect with Upgrade: websocket, or POST a response.",
      });
    const headers = new Headers();
    for (const [name, value] of c.req.raw.headers) if (!SOCKET_HEADER.test(name)) headers.set(name, value);
    headers.set("content-type", "application/json");
    const url = new URL(c.req.url).origin;
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    server.accept();
    runSocket(server, (body, signal) =>
      dispatch(c)(new Request(`${url}/v1/responses`, { method: "POST", headers, body: JSON.stringify(body), signal })),
    );
    return new Response(null, { status: 101, webSocket: client });
  };
}

/** The final event of a completed turn (its response carries the output the socket remembers), or null. */
function endOfTurn(data: string): { response?: { id?: unknown; output?: unknown } } | null {
  if (!data.includes('"response.completed"') && !data.includes('"response.incomplete"')) return null;
  try {
    const event = JSON.parse(data) as { type?: string; response?: { id?: unknown; output?: unknown } };
    return event.type === "response.completed" || event.type === "response.incomplete" ? event : null;
  } catch {
    return null;
  }
}

function runSocket(socket: WebSocket, post: (body: Record<string, unknown>, signal: AbortSignal) => Promise<Response>): void {
  let last: LastResponse | null = null;
  let turns: Promise<void> = Promise.resolve();
  let queued = 0;
  let current: AbortController | null = null;
  let open = true;
  const send = (text: string) => {
    if (open) socket.send(text);
  };

  const turn = async (data: string) => {
    let body: Record<string, unknown>;
    try {
      body = turnBody(JSON.parse(data) as Record<string, unknown>, last);
    } catch (error) {
      const gatewayError =
        error instanceof GatewayError
          ? error
          : new GatewayError({
              status: 400,
              type: "invalid_request_error",
              code: "invalid_json",
              publicMessage: "The message is not JSON.",
            });
      send(errorEvent(gatewayError.status, errorBody(gatewayError).error));
      return;
    }
    if (body.generate === false) {
      const prepared = preparedTurn(body);
      for (const event of prepared.events) send(event);
      last = prepared.last;
      return;
    }
    current = new AbortController();
    const response = await post(body, current.signal);
    if (!response.ok || !response.body) {
      const json = (await response.json().catch(() => ({}))) as { error?: unknown };
      send(errorEvent(response.status, json.error ?? { message: `HTTP ${response.status}` }));
      return;
    }
    const reader = decodeSse(response.body).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || !open) break;
      send(value.data);
      const event = endOfTurn(value.data);
      if (event) last = afterTurn(body, event.response ?? {});
    }
    if (!open) await reader.cancel().catch(() => {});
  };

  socket.addEventListener("message", (event) => {
    const data = typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer);
    if (queued > SOCKET_MAX_QUEUED_TURNS) {
      send(
        errorEvent(429, {
          type: "invalid_request_error",
          code: "too_many_queued_turns",
          message: "Wait for a response before sending more.",
        }),
      );
      return;
    }
    queued++;
    turns = turns
      .then(() => turn(data))
      .catch(() => send(errorEvent(500, { type: "server_error", message: "the turn failed" })))
      .finally(() => queued--);
  });
  const closed = () => {
    open = false;
    current?.abort("client closed the socket");
  };
  socket.addEventListener("close", closed);
  socket.addEventListener("error", closed);
}
