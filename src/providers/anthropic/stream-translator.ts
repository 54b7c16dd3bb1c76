import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { ChunkBuilder } from "../translate/chunk-builder.ts";
import { eventJson } from "../translate/event-json.ts";
import { sseText } from "../translate/sse-text.ts";
import { mapAnthropicStopReason } from "./finish-reason.ts";
import { STRUCTURED_OUTPUT_TOOL } from "./request-mapping.ts";
import { type AnthropicUsage, mapAnthropicUsage } from "./usage.ts";

/** What one content block of the Anthropic stream becomes. */
type BlockKind = { kind: "text" } | { kind: "tool"; toolIndex: number } | { kind: "structured" } | { kind: "ignored" };

interface AnthropicStreamEvent {
  type: string;
  index?: number;
  message?: { id?: string; model?: string; usage?: AnthropicUsage };
  content_block?: { type: string; id?: string; name?: string; text?: string };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/**
 * Anthropic's stream events → OpenAI chunks, one SSE message at a time. Each chunk also keeps
 * (as `native`) the source events' own text, those that produced no chunk before it included, so
 * the Messages door can pass the upstream's stream through exactly once and in order. `message_start` gives the
 * role preamble; text and tool-input deltas become content and tool-call deltas; `message_delta`
 * the finish reason; `message_stop` the usage chunk and the end; an `error` event an in-band error.
 */
export class AnthropicStreamTranslator {
  private readonly chunks = new ChunkBuilder();
  private readonly blocks = new Map<number, BlockKind>();
  private nextToolIndex = 0;
  private structured = false;
  private usage: AnthropicUsage = {};
  /** Source text not yet attached to a chunk (ping, block stops, thinking, …). */
  private pending = "";

  translate(message: SseMessage): UpstreamEvent[] {
    this.pending += sseText(message);
    const events = this.translateEvent(message);
    const carrier = events.find((event) => event.type === "chunk");
    if (carrier?.type === "chunk") {
      carrier.native = this.pending;
      this.pending = "";
    }
    return events;
  }

  private translateEvent(message: SseMessage): UpstreamEvent[] {
    const parsed = eventJson<AnthropicStreamEvent>(message);
    if (!parsed.ok) return [parsed.error];
    const event = parsed.json;
    switch (event.type) {
      case "message_start":
        if (event.message?.id) this.chunks.id = event.message.id;
        this.chunks.model = event.message?.model ?? "";
        this.usage = { ...event.message?.usage };
        return [this.chunks.delta({ role: "assistant", content: "" })];
      case "content_block_start":
        return this.startBlock(event.index ?? 0, event.content_block);
      case "content_block_delta":
        return this.blockDelta(event.index ?? 0, event.delta ?? {});
      case "message_delta":
        this.usage = { ...this.usage, ...event.usage };
        return event.delta?.stop_reason ? [this.chunks.delta({}, mapAnthropicStopReason(event.delta.stop_reason, this.structured))] : [];
      case "message_stop":
        return [this.chunks.usage(mapAnthropicUsage(this.usage)), { type: "done" }];
      case "error":
        return [
          { type: "error", message: event.error?.message ?? "anthropic error event", code: event.error?.type ?? null, data: message.data },
        ];
      default:
        // ping, content_block_stop, and event types added later carry nothing to translate.
        return [];
    }
  }

  private startBlock(index: number, block: AnthropicStreamEvent["content_block"]): UpstreamEvent[] {
    if (block?.type === "text") {
      this.blocks.set(index, { kind: "text" });
      return block.text ? [this.chunks.delta({ content: block.text })] : [];
    }
    if (block?.type === "tool_use" && block.name === STRUCTURED_OUTPUT_TOOL) {
      this.structured = true;
      this.blocks.set(index, { kind: "structured" });
      return [];
    }
    if (block?.type === "tool_use") {
      const toolIndex = this.nextToolIndex++;
      this.blocks.set(index, { kind: "tool", toolIndex });
      return [
        this.chunks.delta({
          tool_calls: [{ index: toolIndex, id: block.id ?? "", type: "function", function: { name: block.name ?? "", arguments: "" } }],
        }),
      ];
    }
    // thinking, redacted_thinking, server tool blocks: not part of the OpenAI answer.
    this.blocks.set(index, { kind: "ignored" });
    return [];
  }

  private blockDelta(index: number, delta: NonNullable<AnthropicStreamEvent["delta"]>): UpstreamEvent[] {
    const block = this.blocks.get(index);
    if (delta.type === "text_delta" && block?.kind === "text" && delta.text) return [this.chunks.delta({ content: delta.text })];
    if (delta.type !== "input_json_delta" || !delta.partial_json) return [];
    if (block?.kind === "structured") return [this.chunks.delta({ content: delta.partial_json })];
    if (block?.kind === "tool")
      return [this.chunks.delta({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] })];
    return [];
  }
}
