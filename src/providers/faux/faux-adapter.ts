import { openAICompatibleAdapter } from "../openai-compatible/openai-compatible-adapter.ts";
import type { ProviderAdapter } from "../provider-adapter.ts";
import { handleFauxRequest } from "./faux-server.ts";

/** The built-in faux provider: the OpenAI-compatible adapter wired to an in-process server, no network. */
export function fauxAdapter(): ProviderAdapter {
  return openAICompatibleAdapter({ baseUrl: "https://faux.invalid/v1", fetcher: handleFauxRequest });
}
