import { invalidRequest } from "../../http/gateway-error.ts";

/** What a socket remembers of its last response, so the next turn may continue it by id. */
export interface LastResponse {
  id: string;
  /** The turn's input and the response's output: the conversation so far. */
  items: unknown[];
}

const asItems = (input: unknown): unknown[] =>
  typeof input === "string" ? [{ type: "message", role: "user", content: input }] : Array.isArray(input) ? input : [];

/**
 * A `response.create` message as the body of one streamed `POST /v1/responses`. `stream` and
 * `background` are the transport's business (a socket always streams, never in the background).
 * `previous_response_id` naming the socket's last response is spelled out from what the socket
 * remembers, as OpenAI's WebSocket mode keeps the last response in the connection, even with
 * `store: false`; any other id is left to the HTTP door (a stored response, or a 404).
 */
export function turnBody(message: Record<string, unknown>, last: LastResponse | null): Record<string, unknown> {
  if (message.type !== "response.create")
    throw invalidRequest(`Unsupported event type '${String(message.type)}': send response.create.`, "type", "invalid_value");
  const { type: _type, stream: _stream, background: _background, ...body } = message;
  if (!last || body.previous_response_id !== last.id) return { ...body, stream: true };
  const { previous_response_id: _previous, ...rest } = body;
  return { ...rest, input: [...last.items, ...asItems(body.input)], stream: true };
}

/** The conversation after a completed turn: its input, then the response's output. */
export function afterTurn(body: Record<string, unknown>, response: { id?: unknown; output?: unknown }): LastResponse | null {
  if (typeof response.id !== "string" || !Array.isArray(response.output)) return null;
  return { id: response.id, items: [...asItems(body.input), ...response.output] };
}

/**
 * The answer to a `generate: false` turn (Codex sends one to warm the connection before the
 * first real turn): OpenAI prepares the response without generating, so nothing is sent upstream
 * and nothing is recorded; the socket remembers its input, which the next turn may continue by id.
 */
export function preparedTurn(body: Record<string, unknown>): { events: string[]; last: LastResponse } {
  const id = `resp_${crypto.randomUUID().replaceAll("-", "")}`;
  const response = {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "completed",
    model: body.model,
    output: [],
    usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
  };
  const events = [
    { type: "response.created", sequence_number: 0, response: { ...response, status: "in_progress" } },
    { type: "response.completed", sequence_number: 1, response },
  ];
  return { events: events.map((event) => JSON.stringify(event)), last: { id, items: asItems(body.input) } };
}
