/**
 * A client's request in a provider's own wire format, sent as is (only `model` set to the
 * target's) when an attempt goes to a target whose adapter speaks that API (`ProviderAdapter.native`),
 * instead of translating the chat request: a door that speaks the provider's API loses nothing on the way.
 */
export interface NativeRequest {
  body: Record<string, unknown>;
  /** Client headers the provider reads (e.g. `anthropic-beta`); never credentials. */
  headers: Record<string, string>;
}

/** The wire APIs a door can hand on untranslated: Anthropic's Messages, OpenAI's Responses, Gemini's generateContent. */
export type NativeApi = "anthropic-messages" | "openai-responses" | "gemini-generate-content";

/** Native requests by the API they are written in; an adapter that speaks that API gets its request as is. */
export type NativeRequests = Partial<Record<NativeApi, NativeRequest>>;

/**
 * The upstream's own answer body, kept on the completion translated from it: a symbol key, so it
 * is never serialized into a record, a cache entry or another door's answer.
 */
export const NATIVE_ANSWER: unique symbol = Symbol("native answer");

/** A completion that may carry its upstream's own body. */
export type WithNativeAnswer<T> = T & { [NATIVE_ANSWER]?: string };
