import { mapSse } from "../../stream/sse-decoder.ts";
import { openAIErrorMessage } from "../openai-compatible/error-message.ts";
import type { ProviderAdapter, ProviderCall } from "../provider-adapter.ts";
import { toGeminiRequest } from "./request-mapping.ts";
import { fromGeminiResponse } from "./response-mapping.ts";
import { GeminiStreamTranslator } from "./stream-translator.ts";

export const GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

export interface GeminiOptions {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  fetcher?: (request: Request) => Promise<Response>;
}

/** Google Gemini (`generateContent` / `streamGenerateContent?alt=sse`) behind the OpenAI surface. */
export function geminiAdapter(options: GeminiOptions): ProviderAdapter {
  const base = (options.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, "");
  const fetcher = options.fetcher ?? ((request: Request) => fetch(request));
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
      return fetcher(new Request(url, { method: "POST", headers, body: JSON.stringify(call.body), signal: call.signal }));
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
    async listModels(signal: AbortSignal) {
      const res = await fetcher(new Request(`${base}/models?pageSize=1000`, { headers: headersFor(), signal }));
      if (!res.ok) return [];
      const json = (await res.json()) as { models?: Array<{ name?: unknown; supportedGenerationMethods?: string[] }> };
      return (json.models ?? [])
        .filter((m) => m.supportedGenerationMethods?.includes("generateContent") ?? true)
        .map((m) => (typeof m.name === "string" ? m.name.replace(/^models\//, "") : null))
        .filter((name): name is string => name !== null);
    },
  };
}
