import { openAICompatibleAdapter } from "../openai-compatible/openai-compatible-adapter.ts";
import type { ProviderAdapter } from "../provider-adapter.ts";
import type { HttpProviderOptions } from "../translate/provider-http.ts";

/** The API version used when a provider does not name one (a GA version with tools and json_schema). */
export const AZURE_DEFAULT_API_VERSION = "2024-10-21";

export interface AzureOpenAIOptions extends HttpProviderOptions {
  /** `https://<resource>.openai.azure.com` */
  baseUrl: string;
  apiVersion?: string | undefined;
  /** Responses requests go natively to Azure's v1 `/openai/v1/responses` (the deployment is the body's `model`). */
  responses?: boolean;
}

/**
 * Azure OpenAI: OpenAI's wire format, with the target's model naming the *deployment* in the URL,
 * an `api-version` query parameter and an `api-key` header.
 */
export function azureOpenAIAdapter(options: AzureOpenAIOptions): ProviderAdapter {
  const base = options.baseUrl.replace(/\/+$/, "");
  const version = encodeURIComponent(options.apiVersion ?? AZURE_DEFAULT_API_VERSION);
  const adapter = openAICompatibleAdapter({
    baseUrl: `${base}/openai`,
    apiKey: options.apiKey,
    headers: options.headers,
    chatUrl: (call) => `${base}/openai/deployments/${encodeURIComponent(call.model)}/chat/completions?api-version=${version}`,
    embeddingsUrl: (call) => `${base}/openai/deployments/${encodeURIComponent(call.model)}/embeddings?api-version=${version}`,
    authHeader: (key) => ["api-key", key],
    ...(options.responses ? { responsesUrl: () => `${base}/openai/v1/responses` } : {}),
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
  });
  // Deployments are the operator's own names; Azure's model list does not name them.
  return { ...adapter, listModels: undefined };
}
