import { mapSse } from "../../stream/sse-decoder.ts";
import type { ProviderAdapter, ProviderCall } from "../provider-adapter.ts";
import { fetcherOf, fetchModelIds, type HttpProviderOptions } from "../translate/provider-http.ts";
import { toAnthropicRequest } from "./request-mapping.ts";
import { anthropicErrorMessage, fromAnthropicMessage } from "./response-mapping.ts";
import { AnthropicStreamTranslator } from "./stream-translator.ts";

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";
export const ANTHROPIC_VERSION = "2023-06-01";

/** Anthropic's Messages API behind the OpenAI surface: translation only, no policy. */
export function anthropicAdapter(options: HttpProviderOptions): ProviderAdapter {
  const base = (options.baseUrl ?? ANTHROPIC_BASE_URL).replace(/\/+$/, "");
  const fetcher = fetcherOf(options);
  /** The provider's headers over the client's forwarded ones (`anthropic-beta`): the client never sets credentials. */
  const headersFor = (forwarded: Record<string, string> = {}) => {
    const headers = new Headers(forwarded);
    for (const [name, value] of new Headers(options.headers)) headers.set(name, value);
    headers.set("anthropic-version", headers.get("anthropic-version") ?? ANTHROPIC_VERSION);
    if (options.apiKey) headers.set("x-api-key", options.apiKey);
    return headers;
  };
  return {
    translateRequest: toAnthropicRequest,
    send(call: ProviderCall) {
      const headers = headersFor(call.headers);
      headers.set("content-type", "application/json");
      headers.set("accept", call.stream ? "text/event-stream" : "application/json");
      return fetcher(new Request(`${base}/messages`, { method: "POST", headers, body: JSON.stringify(call.body), signal: call.signal }));
    },
    streamEvents(body) {
      const translator = new AnthropicStreamTranslator();
      return mapSse(body, (message) => translator.translate(message));
    },
    completion: fromAnthropicMessage,
    errorMessage: anthropicErrorMessage,
    listModels: (signal: AbortSignal) => fetchModelIds(fetcher, `${base}/models?limit=1000`, headersFor(), signal),
    // A Messages request goes to the same endpoint, and its stream reads the same: nothing differs.
    native: { "anthropic-messages": {} },
  };
}
