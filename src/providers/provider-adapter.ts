import type { ChatCompletion, ChatCompletionChunk } from "../chat/openai-types.ts";

/** An upstream stream, translated to OpenAI's chunk vocabulary. */
export type UpstreamEvent =
  /** `data` is the chunk's JSON text, forwarded as is when the gateway does not change the chunk. */
  | { type: "chunk"; chunk: ChatCompletionChunk; data: string }
  /** An in-band error event (a 200 stream that reports a failure). */
  | { type: "error"; message: string; code: string | null; data: string }
  | { type: "done" };

/** One upstream attempt, as the attempt engine asks for it. */
export interface ProviderCall {
  requestId: string;
  /** The client's request body with `model` already set to the target's model. */
  body: Record<string, unknown>;
  stream: boolean;
  signal: AbortSignal;
}

export type CompletionResult = { ok: true; completion: ChatCompletion } | { ok: false; message: string };

/**
 * Translation between the OpenAI surface and one provider's wire format. Adapters decide no policy:
 * they never retry, time out or classify; the attempt engine does.
 */
export interface ProviderAdapter {
  /** Opens the upstream request; resolves when its response headers arrive. */
  send(call: ProviderCall): Promise<Response>;
  /** A streamed upstream body as OpenAI chunk events. */
  streamEvents(body: ReadableStream<Uint8Array>): ReadableStream<UpstreamEvent>;
  /** A non-streamed upstream JSON body as an OpenAI completion, or the error it carries. */
  completion(json: unknown): CompletionResult;
  /** A short reason from an upstream error body (for logs and the 502 message). */
  errorMessage(bodyText: string): string;
}
