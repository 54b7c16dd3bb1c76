import type { OpenedProvider } from "../config/schemas.ts";
import { anthropicAdapter } from "./anthropic/anthropic-adapter.ts";
import { azureOpenAIAdapter } from "./azure-openai/azure-openai-adapter.ts";
import { fauxAdapter } from "./faux/faux-adapter.ts";
import { geminiAdapter } from "./gemini/gemini-adapter.ts";
import { openAICompatibleAdapter } from "./openai-compatible/openai-compatible-adapter.ts";
import type { ProviderAdapter } from "./provider-adapter.ts";
import { type WorkersAiBinding, workersAiAdapter } from "./workers-ai/workers-ai-adapter.ts";

const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Platform bindings some adapters call instead of the network. */
export interface AdapterBindings {
  ai?: WorkersAiBinding | undefined;
}

/** The adapter for a stored provider. */
export function createAdapter(provider: OpenedProvider, bindings: AdapterBindings = {}): ProviderAdapter {
  const { baseUrl, apiKey, headers } = provider;
  switch (provider.type) {
    case "openai":
    case "openai-compatible": {
      const base = (baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, "");
      const responsesUrl = provider.api === "responses" ? () => `${base}/responses` : undefined;
      return openAICompatibleAdapter({ baseUrl: base, apiKey, headers, ...(responsesUrl ? { responsesUrl } : {}) });
    }
    case "anthropic":
      return anthropicAdapter({ baseUrl, apiKey, headers });
    case "gemini":
      return geminiAdapter({ baseUrl, apiKey, headers });
    case "azure-openai":
      return azureOpenAIAdapter({
        baseUrl: baseUrl ?? "",
        apiKey,
        headers,
        apiVersion: provider.apiVersion,
        responses: provider.api === "responses",
      });
    case "workers-ai":
      return workersAiAdapter(bindings.ai);
    case "faux":
      return fauxAdapter();
    default: {
      const unreachable: never = provider.type;
      throw new Error(`unknown provider type ${String(unreachable)}`);
    }
  }
}

/** The bindings of this deployment that adapters may use (`AI` only when wrangler.jsonc declares it). */
export function adapterBindings(env: Env): AdapterBindings {
  return { ai: (env as { AI?: WorkersAiBinding }).AI };
}
