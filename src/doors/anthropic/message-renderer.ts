import type { ChunkDelta, Usage } from "../../chat/openai-types.ts";
import { toAnthropicStopReason } from "../../providers/anthropic/finish-reason.ts";
import { toAnthropicUsage } from "../../providers/anthropic/usage.ts";
import type { InterruptionCode } from "../../stream/stream-end.ts";
import type { ChunkEvent, StreamRenderer } from "../../stream/stream-renderer.ts";
import { anthropicMessageId } from "./message-json.ts";

const encoder = new TextEncoder();

/** One Anthropic SSE event: `event: <type>` and its JSON. */
function sseEvent(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

/**
 * After commit, a failure is Anthropic's `error` event. A broken upstream is `overloaded_error`
 * (transient: a client may retry the whole request, as Claude Code does); the rest `api_error`.
 */
export function anthropicInterruption(code: InterruptionCode, message: string): Uint8Array {
  const type = code === "stream_interrupted" ? "overloaded_error" : "api_error";
  return encoder.encode(sseEvent("error", { error: { type, message: `${message} (${code})` } }));
}

/** The content block open now: text, or the tool call with this OpenAI index. */
type OpenBlock = { kind: "text"; index: number } | { kind: "tool"; index: number; toolIndex: number };

/**
 * OpenAI chunks → Anthropic's Messages stream: `message_start` at the first chunk, content and
 * tool-call deltas as content blocks (`content_block_start` / `_delta` / `_stop`), and at the end
 * `message_delta` (stop reason, usage) and `message_stop`. Choice 0 only: the door never asks
 * for more. State lives here, one renderer per response.
 *
 * `native`: the stream comes from an Anthropic target that was sent the client's request, and its
 * chunks carry the upstream's events: those are written as they came (each once, in order), and
 * nothing is synthesized around them, not even at the end.
 */
export function messageRenderer(native = false): StreamRenderer {
  let started = false;
  let nextIndex = 0;
  let open: OpenBlock | null = null;
  /** Block index of each OpenAI tool call, so a late arguments delta still finds its block. */
  const toolBlocks = new Map<number, number>();
  let stopReason: string | null = null;
  let usage: Usage | null = null;
  let out = "";

  const start = (id: string, model: string) => {
    if (started) return;
    started = true;
    const message = { id: anthropicMessageId(id), type: "message", role: "assistant", model, content: [], stop_reason: null };
    out += sseEvent("message_start", { message: { ...message, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } } });
  };
  const close = () => {
    if (open) out += sseEvent("content_block_stop", { index: open.index });
    open = null;
  };
  const text = (value: string) => {
    if (open?.kind !== "text") {
      close();
      open = { kind: "text", index: nextIndex++ };
      out += sseEvent("content_block_start", { index: open.index, content_block: { type: "text", text: "" } });
    }
    out += sseEvent("content_block_delta", { index: open.index, delta: { type: "text_delta", text: value } });
  };
  const toolCalls = (calls: NonNullable<ChunkDelta["tool_calls"]>) => {
    for (const call of calls) {
      let index = toolBlocks.get(call.index);
      if (index === undefined) {
        close();
        index = nextIndex++;
        toolBlocks.set(call.index, index);
        open = { kind: "tool", index, toolIndex: call.index };
        const block = { type: "tool_use", id: call.id ?? "", name: call.function?.name ?? "", input: {} };
        out += sseEvent("content_block_start", { index, content_block: block });
      }
      const partial = call.function?.arguments;
      if (partial) out += sseEvent("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: partial } });
    }
  };
  const flush = (): Uint8Array | null => {
    if (!out) return null;
    const bytes = encoder.encode(out);
    out = "";
    return bytes;
  };

  return {
    chunk(event: ChunkEvent) {
      if (native) return event.native ? encoder.encode(event.native) : null;
      const { chunk } = event;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.find((c) => c.index === 0);
      if (!choice) return flush();
      start(chunk.id, chunk.model);
      const delta = choice.delta ?? {};
      if (typeof delta.content === "string" && delta.content) text(delta.content);
      if (typeof delta.refusal === "string" && delta.refusal) text(delta.refusal);
      if (delta.tool_calls?.length) toolCalls(delta.tool_calls);
      if (choice.finish_reason) {
        stopReason = toAnthropicStopReason(choice.finish_reason);
        close();
      }
      return flush();
    },
    done() {
      if (native) return new Uint8Array();
      start("", "");
      close();
      const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } = toAnthropicUsage(usage);
      out += sseEvent("message_delta", {
        delta: { stop_reason: stopReason ?? "end_turn", stop_sequence: null },
        usage: { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens },
      });
      out += sseEvent("message_stop", {});
      return flush() ?? new Uint8Array();
    },
    interruption: anthropicInterruption,
    keepalive: encoder.encode(sseEvent("ping", {})),
  };
}
