import type { OpenedProvider } from "../config/schemas.ts";
import { fauxAdapter } from "./faux/faux-adapter.ts";
import { openAICompatibleAdapter } from "./openai-compatible/openai-compatible-adapter.ts";
import type { ProviderAdapter } from "./provider-adapter.ts";

const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** The adapter for a stored provider. */
export function createAdapter(provider: OpenedProvider): ProviderAdapter {
  switch (provider.type) {
    case "openai":
    case "openai-compatible":
      return openAICompatibleAdapter({ baseUrl: provider.baseUrl ?? OPENAI_BASE_URL, apiKey: provider.apiKey, headers: provider.headers });
    case "faux":
      return fauxAdapter();
    default: {
      const unreachable: never = provider.type;
      throw new Error(`unknown provider type ${String(unreachable)}`);
    }
  }
}
