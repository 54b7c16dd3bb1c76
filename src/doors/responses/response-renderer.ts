import type { ChatCompletionChunk, Usage } from "../../chat/openai-types.ts";
import { SSE_KEEPALIVE } from "../../stream/sse-encoder.ts";
import type { InterruptionCode } from "../../stream/stream-end.ts";
import type { ChunkEvent, StreamRenderer } from "../../stream/stream-renderer.ts";
import { customCallOf, isCustomTool, namespaceOf } from "./call-items.ts";
import {
  type ContentPart,
  type OutputItem,
  outputItemId,
  type ResponseObject,
  type ResponseShell,
  responseObject,
  responsesUsage,
  statusOfFinish,
  textPart,
} from "./response-object.ts";

type MessageItem = Extract<OutputItem, { type: "message" }>;
type CallItem = Extract<OutputItem, { type: "function_call" }>;
/** A call being written; a freeform (`custom`) tool's call is held until its arguments are whole. */
type CallSlot = { item: CallItem; outputIndex: number; custom: boolean };

const encoder = new TextEncoder();

/**
 * The Responses API's stream for one response: chat chunks in, typed events out, each
 * `event: <type>` with JSON data carrying `type` and a `sequence_number` that starts at 0 and
 * rises by one. It keeps what the `.done` events and the final response repeat (text so far,
 * arguments so far, the output items). `onResponse` sees the final response, however it ended.
 */
export function responsesRenderer(shell: ResponseShell, onResponse: (response: ResponseObject) => void): StreamRenderer {
  let sequence = 0;
  let started = false;
  let model = "";
  let finishReason: string | null = null;
  let usage: Usage | null = null;
  const output: OutputItem[] = [];
  /** The message item being written, and the index of its open content part. */
  let message: { item: MessageItem; outputIndex: number; part: number | null } | null = null;
  /** Tool calls by their chat index, and the one still open (calls stream one after another). */
  const calls = new Map<number, CallSlot>();
  let openCall: CallSlot | null = null;
  let frames: string[] = [];

  const emit = (type: string, body: Record<string, unknown>) => {
    frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...body })}\n\n`);
  };
  const flush = (): Uint8Array | null => {
    if (frames.length === 0) return null;
    const bytes = encoder.encode(frames.join(""));
    frames = [];
    return bytes;
  };
  const snapshot = (status: "in_progress") => responseObject(shell, { status, model, output: [], usage: null });

  const start = () => {
    if (started) return;
    started = true;
    emit("response.created", { response: snapshot("in_progress") });
    emit("response.in_progress", { response: snapshot("in_progress") });
  };

  const closePart = () => {
    if (!message || message.part === null) return;
    const { item, outputIndex, part: index } = message;
    const part = item.content[index] as ContentPart;
    const at = { item_id: item.id, output_index: outputIndex, content_index: index };
    if (part.type === "output_text") emit("response.output_text.done", { ...at, text: part.text, logprobs: [] });
    else emit("response.refusal.done", { ...at, refusal: part.refusal });
    emit("response.content_part.done", { ...at, part });
    message.part = null;
  };
  const closeMessage = () => {
    if (!message) return;
    closePart();
    message.item.status = "completed";
    emit("response.output_item.done", { output_index: message.outputIndex, item: message.item });
    message = null;
  };
  const closeCall = () => {
    if (!openCall) return;
    const { item, outputIndex } = openCall;
    item.status = "completed";
    if (openCall.custom) {
      closeCustomCall(item, outputIndex);
      openCall = null;
      return;
    }
    emit("response.function_call_arguments.done", {
      item_id: item.id,
      output_index: outputIndex,
      name: item.name,
      arguments: item.arguments,
    });
    emit("response.output_item.done", { output_index: outputIndex, item });
    openCall = null;
  };

  /** A freeform tool's call, whole once its arguments are: its text is the `input` argument (chat has no freeform calls). */
  const closeCustomCall = (call: CallItem, outputIndex: number) => {
    const item = customCallOf(call);
    output[outputIndex] = item;
    const at = { item_id: item.id, output_index: outputIndex };
    emit("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", input: "" } });
    if (item.input) emit("response.custom_tool_call_input.delta", { ...at, delta: item.input });
    emit("response.custom_tool_call_input.done", { ...at, input: item.input });
    emit("response.output_item.done", { output_index: outputIndex, item });
  };

  /** Appends text to the open part of kind `kind`, opening the message and the part as needed. */
  const appendText = (kind: "output_text" | "refusal", delta: string) => {
    closeCall();
    if (!message) {
      const outputIndex = output.length;
      const item: MessageItem = {
        type: "message",
        id: outputItemId(shell.id, "msg", outputIndex),
        status: "in_progress",
        role: "assistant",
        content: [],
      };
      output.push(item);
      message = { item, outputIndex, part: null };
      emit("response.output_item.added", { output_index: outputIndex, item: { ...item, content: [] } });
    }
    const open = message.part === null ? null : message.item.content[message.part];
    if (open?.type !== kind) {
      closePart();
      const part: ContentPart = kind === "output_text" ? textPart("") : { type: "refusal", refusal: "" };
      message.part = message.item.content.push(part) - 1;
      emit("response.content_part.added", {
        item_id: message.item.id,
        output_index: message.outputIndex,
        content_index: message.part,
        part,
      });
    }
    const part = message.item.content[message.part as number] as ContentPart;
    const at = { item_id: message.item.id, output_index: message.outputIndex, content_index: message.part };
    if (part.type === "output_text") {
      part.text += delta;
      emit("response.output_text.delta", { ...at, delta, logprobs: [] });
    } else {
      part.refusal += delta;
      emit("response.refusal.delta", { ...at, delta });
    }
  };

  const appendToolCall = (call: NonNullable<ChatCompletionChunk["choices"][number]["delta"]["tool_calls"]>[number]) => {
    let slot = calls.get(call.index);
    if (!slot) {
      closeMessage();
      closeCall();
      const outputIndex = output.length;
      const item: CallItem = {
        type: "function_call",
        id: outputItemId(shell.id, "fc", outputIndex),
        status: "in_progress",
        call_id: call.id ?? "",
        name: call.function?.name ?? "",
        arguments: "",
        ...namespaceOf(shell.tools, call.function?.name ?? ""),
      };
      output.push(item);
      slot = { item, outputIndex, custom: isCustomTool(shell.tools, item.name) };
      calls.set(call.index, slot);
      openCall = slot;
      if (!slot.custom) emit("response.output_item.added", { output_index: outputIndex, item });
    }
    if (call.id) slot.item.call_id = call.id;
    if (call.function?.name) slot.item.name = call.function.name;
    const delta = call.function?.arguments;
    if (delta) {
      slot.item.arguments += delta;
      if (!slot.custom) emit("response.function_call_arguments.delta", { item_id: slot.item.id, output_index: slot.outputIndex, delta });
    }
  };

  const finish = (event: "response.completed" | "response.incomplete" | "response.failed", response: ResponseObject) => {
    emit(event, { response });
    onResponse(response);
    return flush() as Uint8Array;
  };

  return {
    chunk(event: ChunkEvent) {
      start();
      const chunk = event.chunk;
      if (!model && chunk.model) model = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      // The Responses API has one output: choice 0 (other choices are seen by the record, not rendered).
      const choice = chunk.choices?.find((c) => c.index === 0);
      if (choice) {
        const delta = choice.delta ?? {};
        if (typeof delta.content === "string" && delta.content) appendText("output_text", delta.content);
        if (typeof delta.refusal === "string" && delta.refusal) appendText("refusal", delta.refusal);
        for (const call of delta.tool_calls ?? []) appendToolCall(call);
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      return flush();
    },
    done() {
      start();
      closeMessage();
      closeCall();
      const ended = statusOfFinish(finishReason);
      const response = responseObject(shell, { ...ended, model, output, usage: responsesUsage(usage) });
      return finish(ended.status === "incomplete" ? "response.incomplete" : "response.completed", response);
    },
    interruption(code: InterruptionCode, reason: string) {
      start();
      // What was sent stays as it was, marked unfinished; nothing is appended.
      for (const item of output) if (item.status === "in_progress") item.status = "incomplete";
      const response = responseObject(shell, {
        status: "failed",
        model,
        output,
        usage: responsesUsage(usage),
        error: { code, message: reason },
      });
      return finish("response.failed", response);
    },
    keepalive: SSE_KEEPALIVE,
  };
}
