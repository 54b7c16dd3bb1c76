import { mapSse } from "../../stream/sse-decoder.ts";
import type { NativeMode, ProviderCall } from "../provider-adapter.ts";
import { fromResponseObject } from "./response-mapping.ts";
import { ResponsesStreamTranslator } from "./stream-translator.ts";

/**
 * How an OpenAI-style provider answers a Responses request natively: the client's body POSTed
 * to its `/responses` endpoint (`post` adds the provider's credentials and headers), its typed
 * events read for the gateway and passed on as sent.
 */
export function responsesMode(post: (call: ProviderCall) => Promise<Response>): NativeMode {
  return {
    send: post,
    streamEvents(body) {
      const translator = new ResponsesStreamTranslator();
      return mapSse(body, (message) => translator.translate(message));
    },
    completion: fromResponseObject,
  };
}
