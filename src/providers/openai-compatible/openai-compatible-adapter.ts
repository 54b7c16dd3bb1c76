import type { ChatCompletion } from "../../chat/openai-types.ts";
import type { CompletionResult, ProviderAdapter, ProviderCall } from "../provider-adapter.ts";
import { errorFromJson, openAIErrorMessage } from "./error-message.ts";
import { openAIStreamEvents } from "./stream-events.ts";

export interface OpenAICompatibleOptions {
  baseUrl: string;
  apiKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** The transport: the platform's fetch, or an in-process server (the faux provider). */
  fetcher?: (request: Request) => Promise<Response>;
}

/** Any server that speaks OpenAI's Chat Completions wire format: the body passes through unchanged. */
export function openAICompatibleAdapter(options: OpenAICompatibleOptions): ProviderAdapter {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const fetcher = options.fetcher ?? ((request: Request) => fetch(request));
  return {
    send(call: ProviderCall) {
      const headers = new Headers(options.headers);
      headers.set("content-type", "application/json");
      headers.set("accept", call.stream ? "text/event-stream" : "application/json");
      headers.set("x-request-id", call.requestId);
      if (options.apiKey) headers.set("authorization", `Bearer ${options.apiKey}`);
      return fetcher(new Request(url, { method: "POST", headers, body: JSON.stringify(call.body), signal: call.signal }));
    },
    streamEvents: openAIStreamEvents,
    completion(json: unknown): CompletionResult {
      const inBandError = errorFromJson(json);
      if (inBandError) return { ok: false, message: inBandError.message };
      if (typeof json !== "object" || json === null || !Array.isArray((json as ChatCompletion).choices)) {
        return { ok: false, message: "upstream answered 200 without a chat completion body" };
      }
      return { ok: true, completion: json as ChatCompletion };
    },
    errorMessage: openAIErrorMessage,
  };
}
