import type { InterruptionCode } from "../../stream/stream-end.ts";
import type { ChunkEvent, StreamRenderer } from "../../stream/stream-renderer.ts";
import { googleErrorBody } from "./gemini-error.ts";
import { functionCallPart, geminiResponseId, toGeminiFinishReason, toGeminiUsage } from "./gemini-response.ts";
import type { StreamFraming } from "./stream-framing.ts";

const encoder = new TextEncoder();

/**
 * After commit, a failure is Google's error object as the stream's last element (the Gen AI SDKs
 * raise it mid-iteration): a broken upstream is 503 UNAVAILABLE, a timeout 504 DEADLINE_EXCEEDED.
 */
export function geminiInterruption(code: InterruptionCode, message: string): string {
  const status = code === "idle_timeout" || code === "total_timeout" ? 504 : code === "stream_interrupted" ? 503 : 500;
  return googleErrorBody(status, `${message} (${code})`);
}

/** A tool call being assembled from its deltas: Gemini sends each function call whole. */
interface PendingCall {
  id?: string;
  function: { name: string; arguments: string };
}

/**
 * OpenAI chunks → Gemini's stream of `GenerateContentResponse`s: each text delta one response;
 * function calls, `finishReason` and `usageMetadata` in the last one (Gemini sends calls whole).
 * Choice 0 only: the door never asks for more.
 *
 * `native`: the stream comes from a Gemini target that was sent the client's request; its chunks
 * carry the upstream's own events, written as they came (reframed for the JSON array stream).
 */
export function geminiRenderer(framing: StreamFraming, native = false): StreamRenderer {
  let model = "";
  let responseId = "";
  let finishReason: string | null = null;
  let usage: ChunkEvent["chunk"]["usage"] = null;
  const calls = new Map<number, PendingCall>();
  const response = (candidate: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    framing.event(JSON.stringify({ candidates: [{ ...candidate, index: 0 }], ...extra, modelVersion: model, responseId }));

  return {
    chunk(event: ChunkEvent) {
      if (native) return event.native ? encoder.encode(framing.native(event.native)) : null;
      const { chunk } = event;
      if (chunk.usage) usage = chunk.usage;
      model ||= chunk.model;
      responseId ||= geminiResponseId(chunk.id);
      const choice = chunk.choices?.find((c) => c.index === 0);
      if (!choice) return null;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      for (const call of choice.delta?.tool_calls ?? []) {
        const pending = calls.get(call.index) ?? { function: { name: "", arguments: "" } };
        if (call.id) pending.id = call.id;
        pending.function.name += call.function?.name ?? "";
        pending.function.arguments += call.function?.arguments ?? "";
        calls.set(call.index, pending);
      }
      const text = [choice.delta?.content, choice.delta?.refusal].filter((t) => typeof t === "string" && t).join("");
      return text ? encoder.encode(response({ content: { role: "model", parts: [{ text }] } })) : null;
    },
    done() {
      if (native) return encoder.encode(framing.end());
      const parts = [...calls.values()].map(functionCallPart);
      const usageMetadata = toGeminiUsage(usage);
      const last = response(
        { content: { role: "model", parts }, finishReason: toGeminiFinishReason(finishReason) },
        usageMetadata ? { usageMetadata } : {},
      );
      return encoder.encode(last + framing.end());
    },
    interruption: (code, message) => encoder.encode(framing.event(geminiInterruption(code, message)) + framing.end()),
    keepalive: encoder.encode(framing.keepalive),
  };
}
