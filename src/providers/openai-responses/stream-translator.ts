import type { SseMessage } from "../../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../../stream/upstream-event.ts";
import { ChunkBuilder } from "../translate/chunk-builder.ts";
import { eventJson } from "../translate/event-json.ts";
import { carryingNativeText } from "../translate/native-text.ts";
import { CALL_ITEM_TYPES, chatFinishReason, chatUsage, type UpstreamResponse } from "./response-terms.ts";

interface ResponsesStreamEvent {
  type?: string;
  response?: UpstreamResponse;
  output_index?: number;
  item?: { type?: string; call_id?: string; name?: string };
  delta?: string;
  message?: string;
  code?: string | null;
  error?: { message?: string; code?: string };
}

/**
 * OpenAI's Responses stream → chat chunks, for the gateway's own reading (the commit gate, the
 * record, usage for pricing). Each chunk keeps, as `native`, the source events' text (with those
 * before it that made no chunk), so the Responses door passes the stream on exactly as sent.
 * Text and refusal deltas are content; a call item opens a tool call whose argument deltas
 * follow; reasoning deltas are `reasoning_content`; `response.completed`/`incomplete` give the
 * finish reason, the usage and the end; `response.failed` and `error` are in-band errors.
 */
export class ResponsesStreamTranslator {
  private readonly chunks = new ChunkBuilder();
  /** Tool-call index of each call item, by its output index. */
  private readonly calls = new Map<number, number>();

  /** One SSE message's events, each chunk carrying its source text (`native`). */
  readonly translate = carryingNativeText((message) => this.translateEvent(message));

  private translateEvent(message: SseMessage): UpstreamEvent[] {
    const parsed = eventJson<ResponsesStreamEvent>(message);
    if (!parsed.ok) return [parsed.error];
    const event = parsed.json;
    switch (event.type) {
      case "response.created":
        if (event.response?.id) this.chunks.id = event.response.id;
        this.chunks.model = event.response?.model ?? "";
        return [this.chunks.delta({ role: "assistant", content: "" })];
      case "response.output_text.delta":
        return event.delta ? [this.chunks.delta({ content: event.delta })] : [];
      case "response.refusal.delta":
        return event.delta ? [this.chunks.delta({ refusal: event.delta })] : [];
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        return event.delta ? [this.chunks.delta({ reasoning_content: event.delta })] : [];
      case "response.output_item.added":
        return this.startCall(event);
      case "response.function_call_arguments.delta":
      case "response.custom_tool_call_input.delta": {
        const index = this.calls.get(event.output_index ?? -1);
        if (index === undefined || !event.delta) return [];
        return [this.chunks.delta({ tool_calls: [{ index, function: { arguments: event.delta } }] })];
      }
      case "response.completed":
      case "response.incomplete": {
        const response = event.response ?? {};
        const finish = this.chunks.delta({}, chatFinishReason(response, this.calls.size > 0));
        const usage = chatUsage(response.usage);
        return [finish, ...(usage ? [this.chunks.usage(usage)] : []), { type: "done" }];
      }
      case "response.failed": {
        const error = event.response?.error;
        return [
          { type: "error", message: error?.message ?? "the upstream response failed", code: error?.code ?? null, data: message.data },
        ];
      }
      case "error":
        return [
          {
            type: "error",
            message: event.message ?? event.error?.message ?? "upstream error event",
            code: event.code ?? event.error?.code ?? null,
            data: message.data,
          },
        ];
      default:
        // in_progress, content parts, `.done` repeats, and event types added later carry nothing new.
        return [];
    }
  }

  private startCall(event: ResponsesStreamEvent): UpstreamEvent[] {
    const item = event.item;
    if (!item?.type || !CALL_ITEM_TYPES.has(item.type)) return [];
    const index = this.calls.size;
    this.calls.set(event.output_index ?? index, index);
    const name = item.type === "local_shell_call" ? "local_shell" : (item.name ?? "");
    return [this.chunks.delta({ tool_calls: [{ index, id: item.call_id ?? "", type: "function", function: { name, arguments: "" } }] })];
  }
}
