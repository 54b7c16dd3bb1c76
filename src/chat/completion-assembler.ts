import type { ChatCompletion, ChatCompletionChunk, Usage } from "./openai-types.ts";

interface ToolCallParts {
  id?: string;
  type?: string;
  name?: string;
  arguments: string;
}

interface ChoiceParts {
  content: string;
  refusal: string;
  toolCalls: ToolCallParts[];
  finishReason: string | null;
  role: string;
}

/**
 * Folds streamed chunks back into the completion they describe (content, refusal, tool calls,
 * finish reasons, usage), up to `maxChars` of text; beyond that it records `overflowed` and
 * stops growing, so a huge stream costs bounded memory.
 */
export class CompletionAssembler {
  private readonly choices = new Map<number, ChoiceParts>();
  private head: Pick<ChatCompletionChunk, "id" | "created" | "model"> | null = null;
  private chars = 0;
  usage: Usage | null = null;
  overflowed = false;
  readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  add(chunk: ChatCompletionChunk): void {
    this.head ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      let parts = this.choices.get(choice.index);
      if (!parts) {
        parts = { content: "", refusal: "", toolCalls: [], finishReason: null, role: "assistant" };
        this.choices.set(choice.index, parts);
      }
      if (choice.finish_reason) parts.finishReason = choice.finish_reason;
      const delta = choice.delta ?? {};
      if (typeof delta.role === "string") parts.role = delta.role;
      if (typeof delta.content === "string") parts.content += this.take(delta.content);
      if (typeof delta.refusal === "string") parts.refusal += this.take(delta.refusal);
      for (const call of delta.tool_calls ?? []) {
        const slot = parts.toolCalls[call.index] ?? { arguments: "" };
        parts.toolCalls[call.index] = slot;
        if (call.id) slot.id = call.id;
        if (call.type) slot.type = call.type;
        if (call.function?.name) slot.name = call.function.name;
        if (call.function?.arguments) slot.arguments += this.take(call.function.arguments);
      }
    }
  }

  /** Characters of text (content, refusal, tool arguments) kept so far. */
  get textChars(): number {
    return this.chars;
  }

  /** Choice 0's parts (what the log shows). */
  firstChoice(): ChoiceParts | null {
    return this.choices.get(0) ?? null;
  }

  /** The equivalent non-streamed completion. */
  completion(): ChatCompletion {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, parts]) => {
        const message: ChatCompletion["choices"][number]["message"] = {
          role: parts.role,
          content: parts.toolCalls.length && !parts.content ? null : parts.content,
        };
        if (parts.refusal) message.refusal = parts.refusal;
        if (parts.toolCalls.length) {
          message.tool_calls = parts.toolCalls.map((call) => ({
            id: call.id,
            type: call.type ?? "function",
            function: { name: call.name, arguments: call.arguments },
          }));
        }
        return { index, message, logprobs: null, finish_reason: parts.finishReason };
      });
    return {
      id: this.head?.id ?? "",
      object: "chat.completion",
      created: this.head?.created ?? Math.floor(Date.now() / 1000),
      model: this.head?.model ?? "",
      choices,
      ...(this.usage ? { usage: this.usage } : {}),
    };
  }

  private take(text: string): string {
    if (this.overflowed) return "";
    if (this.chars + text.length > this.maxChars) {
      this.overflowed = true;
      return "";
    }
    this.chars += text.length;
    return text;
  }
}
