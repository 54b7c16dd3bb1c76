import type { LoadedProvider } from "../attempts/attempt-loop-types.ts";
import type { ProviderAdapter } from "../providers/provider-adapter.ts";
import { embeddingsCompletion } from "./embeddings-answer.ts";

/**
 * A tenant's provider as the attempt loop sees it for embeddings: its embeddings endpoint in place
 * of chat, the body passed through, the answer carried in a completion. A provider type without
 * embeddings (Anthropic, Gemini, Workers AI here) refuses the target, so the loop moves on.
 */
export function embeddingsProvider(loaded: LoadedProvider | null): LoadedProvider | null {
  if (!loaded) return null;
  const { adapter, type } = loaded;
  const send = adapter.sendEmbeddings?.bind(adapter);
  const embeddings: ProviderAdapter = {
    unavailable: adapter.unavailable,
    translateRequest: (body) =>
      send
        ? { ok: true, body, dropped: [] }
        : { ok: false, param: "model", message: `${type} providers have no embeddings endpoint in this gateway` },
    send: (call) => (send ? send(call) : Promise.reject(new Error("no embeddings endpoint"))),
    streamEvents: () => {
      throw new Error("embeddings are never streamed");
    },
    completion: embeddingsCompletion,
    errorMessage: (body) => adapter.errorMessage(body),
  };
  return { adapter: embeddings, type };
}
