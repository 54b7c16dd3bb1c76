import { mapSse } from "../../stream/sse-decoder.ts";
import { openAIErrorMessage } from "../openai-compatible/error-message.ts";
import type { ProviderAdapter, ProviderCall } from "../provider-adapter.ts";
import { fetcherOf, fetchModelIds, type HttpProviderOptions } from "../translate/provider-http.ts";
import { toGeminiRequest } from "./request-mapping.ts";
import { fromGeminiResponse } from "./response-mapping.ts";
import { GeminiStreamTranslator } from "./stream-translator.ts";

export const GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

/** An entry of Gemini's model list (`models/<name>`). */
interface GeminiModel {
  name?: string;
  supportedGenerationMethods?: string[];
}

/** Google Gemini (`generateContent` / `streamGenerateContent?alt=sse`) behind the OpenAI surface. */
export function geminiAdapter(options: HttpProviderOptions): ProviderAdapter {
  const base = (options.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, "");
  const fetcher = fetcherOf(options);
  const headersFor = () => {
    const headers = new Headers(options.headers);
    if (options.apiKey) headers.set("x-goog-api-key", options.apiKey);
    return headers;
  };
  return {
    translateRequest: (body) => toGeminiRequest(body),
    send(call: ProviderCall) {
      const model = encodeURIComponent(call.model.replace(/^models\//, ""));
      const url = call.stream ? `${base}/models/${model}:streamGenerateContent?alt=sse` : `${base}/models/${model}:generateContent`;
      const headers = headersFor();
      headers.set("content-type", "application/json");
      // The model is in the URL; a native request's body carries the target's as `model`, which Gemini refuses.
      const { model: _inUrl, ...body } = call.body;
      return fetcher(new Request(url, { method: "POST", headers, body: JSON.stringify(body), signal: call.signal }));
    },
    streamEvents(body) {
      const translator = new GeminiStreamTranslator();
      return mapSse(
        body,
        (message) => translator.translate(message),
        () => translator.finish(),
      );
    },
    completion: fromGeminiResponse,
    errorMessage: openAIErrorMessage,
    listModels: (signal: AbortSignal) =>
      fetchModelIds(fetcher, `${base}/models?pageSize=1000`, headersFor(), signal, (json: { models?: GeminiModel[] }) =>
        (json.models ?? [])
          .filter((m) => m.supportedGenerationMethods?.includes("generateContent") ?? true)
          .map((m) => m.name?.replace(/^models\//, "")),
      ),
  };
}
