/**
 * An Anthropic Messages upstream for pass-through tests: answers each request with the content
 * blocks `script` picks for it (thinking, text, tool_use), streamed as Anthropic's events or as
 * one message, and records each request's raw body and headers and each answer's raw text, so a
 * test can compare what the gateway forwarded with what the client sent, byte for byte.
 * Served on loopback by `startLoopbackUpstream(upstream.handle)`.
 */

export type ScriptedBlock =
  | { type: "thinking"; thinking: string }
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export interface ScriptedCall {
  body: string;
  headers: Headers;
  response: string;
}

const USAGE = { input_tokens: 31, cache_read_input_tokens: 7, cache_creation_input_tokens: 3 };
const OUTPUT_TOKENS = 12;

function sse(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** A block's events: start, a few deltas, stop. */
function blockEvents(block: ScriptedBlock, index: number): string[] {
  const halves = (s: string) => [s.slice(0, Math.ceil(s.length / 2)), s.slice(Math.ceil(s.length / 2))];
  switch (block.type) {
    case "thinking":
      return [
        sse("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } }),
        ...halves(block.thinking).map((thinking) => sse("content_block_delta", { index, delta: { type: "thinking_delta", thinking } })),
        sse("content_block_delta", { index, delta: { type: "signature_delta", signature: "c2lnbmF0dXJl" } }),
        sse("content_block_stop", { index }),
      ];
    case "text":
      return [
        sse("content_block_start", { index, content_block: { type: "text", text: "" } }),
        ...halves(block.text).map((text) => sse("content_block_delta", { index, delta: { type: "text_delta", text } })),
        sse("content_block_stop", { index }),
      ];
    case "tool_use":
      return [
        sse("content_block_start", { index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }),
        ...halves(JSON.stringify(block.input)).map((partial_json) =>
          sse("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } }),
        ),
        sse("content_block_stop", { index }),
      ];
  }
}

export function scriptedAnthropic(script: (body: Record<string, any>) => ScriptedBlock[]) {
  const calls: ScriptedCall[] = [];
  const handle = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const body = JSON.parse(text) as Record<string, any>;
    const call: ScriptedCall = { body: text, headers: request.headers, response: "" };
    calls.push(call);
    const blocks = script(body);
    const stopReason = blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
    const id = `msg_scripted_${calls.length}`;
    if (!body.stream) {
      const content = blocks.map((b) => (b.type === "thinking" ? { ...b, signature: "c2lnbmF0dXJl" } : b));
      call.response = JSON.stringify({
        id,
        type: "message",
        role: "assistant",
        model: body.model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...USAGE, output_tokens: OUTPUT_TOKENS },
      });
      return new Response(call.response, { headers: { "content-type": "application/json" } });
    }
    const events = [
      sse("message_start", {
        message: {
          id,
          type: "message",
          role: "assistant",
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...USAGE, output_tokens: 1 },
        },
      }),
      sse("ping", {}),
      ...blocks.flatMap(blockEvents),
      sse("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: OUTPUT_TOKENS } }),
      sse("message_stop", {}),
    ];
    call.response = events.join("");
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = events.shift();
        if (next === undefined) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 2));
        controller.enqueue(encoder.encode(next));
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  };
  return { calls, handle };
}
