import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { errorFromJson } from "../openai-compatible/error-message.ts";
import { ChunkBuilder } from "../translate/chunk-builder.ts";
import { eventJson } from "../translate/event-json.ts";
import { sseText } from "../translate/sse-text.ts";
import { candidateText, type GeminiResponse, mapGeminiFinishReason, mapGeminiUsage, toolCallOf } from "./response-mapping.ts";

/**
 * `streamGenerateContent?alt=sse` → OpenAI chunks. Each event is a partial response: text parts
 * become content deltas, function calls whole tool-call deltas, a finish reason the finish chunk.
 * Gemini has no end event: when the body ends after every candidate finished, `finish()` adds
 * the usage chunk and the end; otherwise the stream was cut and ends without them.
 * Each chunk also keeps (as `native`) the source events' own text, those that produced no chunk
 * before it included, so the Gemini door can pass the upstream's stream through once and in order.
 */
export class GeminiStreamTranslator {
  private readonly chunks = new ChunkBuilder();
  private readonly started = new Set<number>();
  private readonly finished = new Set<number>();
  private readonly toolCalls = new Map<number, number>();
  private usage: GeminiResponse["usageMetadata"] | null = null;
  /** Source text not yet attached to a chunk (a usage-only event, …). */
  private pending = "";

  translate(message: SseMessage): UpstreamEvent[] {
    this.pending += sseText(message);
    return this.carryNative(this.translateEvent(message));
  }

  /** The pending source text goes on the first chunk of `events`, if there is one. */
  private carryNative(events: UpstreamEvent[]): UpstreamEvent[] {
    const carrier = events.find((event) => event.type === "chunk");
    if (carrier?.type === "chunk") {
      carrier.native = this.pending;
      this.pending = "";
    }
    return events;
  }

  private translateEvent(message: SseMessage): UpstreamEvent[] {
    const parsed = eventJson<GeminiResponse>(message);
    if (!parsed.ok) return [parsed.error];
    const body = parsed.json;
    const inBandError = errorFromJson(body);
    if (inBandError) return [{ type: "error", ...inBandError, data: message.data }];
    if (body.responseId) this.chunks.id = `chatcmpl-${body.responseId}`;
    if (body.modelVersion) this.chunks.model = body.modelVersion;
    if (body.usageMetadata) this.usage = body.usageMetadata;
    const candidates = body.candidates ?? (body.promptFeedback?.blockReason ? [{ index: 0, finishReason: "SAFETY" }] : []);
    const events: UpstreamEvent[] = [];
    for (const [position, candidate] of candidates.entries()) {
      const index = candidate.index ?? position;
      if (!this.started.has(index)) {
        this.started.add(index);
        events.push(this.chunks.delta({ role: "assistant", content: "" }, null, index));
      }
      const parts = candidate.content?.parts ?? [];
      const text = candidateText(parts);
      if (text) events.push(this.chunks.delta({ content: text }, null, index));
      for (const part of parts.filter((p) => p.functionCall)) {
        const toolIndex = this.toolCalls.get(index) ?? 0;
        this.toolCalls.set(index, toolIndex + 1);
        events.push(
          this.chunks.delta({ tool_calls: [{ index: toolIndex, ...toolCallOf(part, `call_${index}_${toolIndex}`) }] }, null, index),
        );
      }
      const finishReason = mapGeminiFinishReason(candidate.finishReason, (this.toolCalls.get(index) ?? 0) > 0);
      if (finishReason) {
        this.finished.add(index);
        events.push(this.chunks.delta({}, finishReason, index));
      }
    }
    return events;
  }

  finish(): UpstreamEvent[] {
    const complete = this.started.size > 0 && [...this.started].every((index) => this.finished.has(index));
    if (!complete) return [];
    return this.carryNative([...(this.usage ? [this.chunks.usage(mapGeminiUsage(this.usage))] : []), { type: "done" }]);
  }
}
