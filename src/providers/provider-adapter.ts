import type { ChatCompletion } from "../chat/openai-types.ts";
import type { EventStream } from "../stream/sse-decoder.ts";
import type { UpstreamEvent } from "../stream/upstream-event.ts";
import type { NativeApi } from "./native-request.ts";

/**
 * An OpenAI-shaped request in a provider's own wire format. Parameters the provider cannot honour
 * are mapped, or dropped and named in `dropped` (logged, and sent as `x-gateway-dropped-params`),
 * or refuse the target (`ok: false`): the loop then moves on, and when every target refuses, the
 * client gets a 400 naming the parameter.
 */
export type RequestTranslation =
  | { ok: true; body: Record<string, unknown>; dropped: string[] }
  | { ok: false; param: string; message: string };

/** One upstream attempt, as the attempt engine asks for it. */
export interface ProviderCall {
  requestId: string;
  /** The body in the provider's wire format (from `translateRequest`). */
  body: Record<string, unknown>;
  /** The target's model name (for providers that put it in the URL). */
  model: string;
  stream: boolean;
  signal: AbortSignal;
  /** Client headers forwarded as is (a native request's, e.g. `anthropic-beta`); never credentials. */
  headers?: Record<string, string>;
}

export type CompletionResult = { ok: true; completion: ChatCompletion } | { ok: false; message: string };

/**
 * Translation between the OpenAI surface and one provider's wire format. Adapters decide no policy:
 * they never retry, time out or classify; the attempt engine does.
 */
export interface ProviderAdapter {
  /** Why this provider cannot be called in this deployment at all (a missing binding): the loop moves on without retrying. */
  unavailable?: string;
  /** The client's OpenAI-shaped body (with `model` set to the target's) in the provider's format. */
  translateRequest(body: Record<string, unknown>, stream: boolean): RequestTranslation;
  /** Opens the upstream request; resolves when its response headers arrive. */
  send(call: ProviderCall): Promise<Response>;
  /** A streamed upstream body as OpenAI chunk events. */
  streamEvents(body: ReadableStream<Uint8Array>): EventStream<UpstreamEvent>;
  /** A non-streamed upstream JSON body as an OpenAI completion, or the error it carries. */
  completion(json: unknown): CompletionResult;
  /** A short reason from an upstream error body (for logs and the 502 message). */
  errorMessage(bodyText: string): string;
  /** Opens an OpenAI-format embeddings request (`/v1/embeddings`), for providers that have one. */
  sendEmbeddings?(call: ProviderCall): Promise<Response>;
  /** The provider's model names, for `GET /v1/models` direct routes, when it can list them. */
  listModels?(signal: AbortSignal): Promise<string[]>;
  /**
   * The client APIs this provider speaks natively: a door's request in one of them is sent as is
   * (model aside). Each mode replaces the calls that differ for it (another endpoint, another
   * stream); an empty mode means the adapter's own calls take the native body too.
   */
  native?: Partial<Record<NativeApi, NativeMode>>;
}

/** How an adapter calls its provider for a native request, where that differs from a translated one. */
export type NativeMode = Partial<Pick<ProviderAdapter, "send" | "streamEvents" | "completion">>;
