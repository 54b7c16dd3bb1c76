/**
 * A minimal Anthropic Messages API (`POST /v1/messages`, stream or not) for end-to-end tests:
 * it answers a fixed text and, when the request offers tools, calls the first one, with usage
 * that includes cache reads. Faults by model name: `overloaded` answers HTTP 529, and
 * `overloaded-in-stream` answers 200 and then an `overloaded_error` event before any content.
 * Served on loopback by `startLoopbackUpstream(handleAnthropicRequest)`.
 */

const TEXT_PIECES = ["Checking ", "the weather ", "for you."];
const TOOL_INPUT_PIECES = ['{"location": ', '"Paris", ', '"unit": "celsius"}'];
const USAGE = { input_tokens: 20, cache_read_input_tokens: 5, cache_creation_input_tokens: 0 };
const OUTPUT_TOKENS = 9;

type AnthropicBody = { model?: string; stream?: boolean; tools?: Array<{ name: string }>; max_tokens?: unknown };

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function streamEvents(body: AnthropicBody): string[] {
  const tool = body.tools?.[0]?.name;
  const events = [
    sse("message_start", {
      type: "message_start",
      message: {
        id: "msg_loopback",
        type: "message",
        role: "assistant",
        content: [],
        model: body.model,
        usage: { ...USAGE, output_tokens: 1 },
      },
    }),
    sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    sse("ping", { type: "ping" }),
    ...TEXT_PIECES.map((text) =>
      sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    ),
    sse("content_block_stop", { type: "content_block_stop", index: 0 }),
  ];
  if (tool) {
    events.push(
      sse("content_block_start", {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "toolu_loopback", name: tool, input: {} },
      }),
    );
    for (const partial_json of TOOL_INPUT_PIECES)
      events.push(sse("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json } }));
    events.push(sse("content_block_stop", { type: "content_block_stop", index: 1 }));
  }
  events.push(
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: tool ? "tool_use" : "end_turn" },
      usage: { output_tokens: OUTPUT_TOKENS },
    }),
  );
  events.push(sse("message_stop", { type: "message_stop" }));
  return events;
}

export async function handleAnthropicRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === "GET" && path.endsWith("/models")) return Response.json({ data: [{ id: "claude-loopback", type: "model" }] });
  if (!request.headers.get("x-api-key") || !request.headers.get("anthropic-version"))
    return Response.json(
      { type: "error", error: { type: "authentication_error", message: "missing x-api-key or anthropic-version" } },
      { status: 401 },
    );
  const body = (await request.json()) as AnthropicBody;
  if (typeof body.max_tokens !== "number")
    return Response.json(
      { type: "error", error: { type: "invalid_request_error", message: "max_tokens: Field required" } },
      { status: 400 },
    );
  const overloaded = { type: "error", error: { type: "overloaded_error", message: "Overloaded" } };
  if (body.model === "overloaded") return Response.json(overloaded, { status: 529 });
  if (body.stream) {
    const encoder = new TextEncoder();
    const events = body.model === "overloaded-in-stream" ? [streamEvents(body)[0] ?? "", sse("error", overloaded)] : streamEvents(body);
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = events.shift();
        if (next === undefined) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 5));
        controller.enqueue(encoder.encode(next));
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  }
  const tool = body.tools?.[0]?.name;
  const content: unknown[] = [{ type: "text", text: TEXT_PIECES.join("") }];
  if (tool) content.push({ type: "tool_use", id: "toolu_loopback", name: tool, input: JSON.parse(TOOL_INPUT_PIECES.join("")) });
  return Response.json({
    id: "msg_loopback",
    type: "message",
    role: "assistant",
    model: body.model,
    content,
    stop_reason: tool ? "tool_use" : "end_turn",
    usage: { ...USAGE, output_tokens: OUTPUT_TOKENS },
  });
}
