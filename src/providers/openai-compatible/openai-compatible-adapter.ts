import type { ChatCompletion } from "../../chat/openai-types.ts";
import { responsesMode } from "../openai-responses/responses-mode.ts";
import type { CompletionResult, ProviderAdapter, ProviderCall, RequestTranslation } from "../provider-adapter.ts";
import { fetcherOf, fetchModelIds, type HttpProviderOptions } from "../translate/provider-http.ts";
import { errorFromJson, openAIErrorMessage } from "./error-message.ts";
import { openAIStreamEvents } from "./stream-events.ts";

export interface OpenAICompatibleOptions extends HttpProviderOptions {
  baseUrl: string;
  /** The chat completions URL for a call (default: `{baseUrl}/chat/completions`; Azure puts the deployment in it). */
  chatUrl?: (call: ProviderCall) => string;
  /** The embeddings URL for a call (default: `{baseUrl}/embeddings`). */
  embeddingsUrl?: (call: ProviderCall) => string;
  /** Where Responses requests go natively (`api: "responses"`); absent, they are translated to chat. */
  responsesUrl?: (call: ProviderCall) => string;
  /** How the key is sent (default: `authorization: Bearer`; Azure: `api-key`). */
  authHeader?: (apiKey: string) => [string, string];
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The body passes through unchanged: unknown fields reach the server as the client sent them. */
export const passThroughRequest = (body: Record<string, unknown>): RequestTranslation => ({ ok: true, body, dropped: [] });

/** A non-streamed OpenAI-format body as a completion, or the in-band error it carries. */
export function openAICompletion(json: unknown): CompletionResult {
  const inBandError = errorFromJson(json);
  if (inBandError) return { ok: false, message: inBandError.message };
  if (typeof json !== "object" || json === null || !Array.isArray((json as ChatCompletion).choices)) {
    return { ok: false, message: "upstream answered 200 without a chat completion body" };
  }
  return { ok: true, completion: json as ChatCompletion };
}

/** Any server that speaks OpenAI's Chat Completions wire format (OpenAI, Groq, vLLM, Ollama, Azure, …). */
export function openAICompatibleAdapter(options: OpenAICompatibleOptions): ProviderAdapter {
  const base = trimSlash(options.baseUrl);
  const chatUrl = options.chatUrl ?? (() => `${base}/chat/completions`);
  const embeddingsUrl = options.embeddingsUrl ?? (() => `${base}/embeddings`);
  const responsesUrl = options.responsesUrl;
  const authHeader = options.authHeader ?? ((key: string) => ["authorization", `Bearer ${key}`]);
  const fetcher = fetcherOf(options);
  const headersFor = (accept: string) => {
    const headers = new Headers(options.headers);
    headers.set("accept", accept);
    if (options.apiKey) headers.set(...authHeader(options.apiKey));
    return headers;
  };
  const post = (url: string, call: ProviderCall) => {
    const headers = headersFor(call.stream ? "text/event-stream" : "application/json");
    headers.set("content-type", "application/json");
    headers.set("x-request-id", call.requestId);
    return fetcher(new Request(url, { method: "POST", headers, body: JSON.stringify(call.body), signal: call.signal }));
  };
  return {
    translateRequest: passThroughRequest,
    send: (call: ProviderCall) => post(chatUrl(call), call),
    sendEmbeddings: (call: ProviderCall) => post(embeddingsUrl(call), call),
    streamEvents: openAIStreamEvents,
    completion: openAICompletion,
    errorMessage: openAIErrorMessage,
    listModels: (signal: AbortSignal) => fetchModelIds(fetcher, `${base}/models`, headersFor("application/json"), signal),
    ...(responsesUrl ? { native: { "openai-responses": responsesMode((call) => post(responsesUrl(call), call)) } } : {}),
  };
}
