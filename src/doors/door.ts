import type { AttemptFailure } from "../attempts/attempt-failure.ts";
import type { ChatCompletion } from "../chat/openai-types.ts";
import type { DurableDoor } from "../durable/durable-door.ts";
import type { GatewayError } from "../http/gateway-error.ts";
import type { NativeRequests } from "../providers/native-request.ts";
import type { StreamRenderer } from "../stream/stream-renderer.ts";

/**
 * What one front door (OpenAI's chat completions, and others to come) writes: streams, answers
 * and errors in its own API's shapes. Workflows, attempts, cache, contracts and the journal are
 * shared; a door only parses (in its route) and renders (here).
 */
export interface Door {
  /**
   * The renderer of this response's stream; `native` when the stream comes from a target that was
   * sent this door's native request (its chunks carry the provider's own events to pass through).
   */
  renderer(native?: boolean): StreamRenderer;
  /** A complete answer as this API's JSON body, or `native`, the upstream's own body, when the target was sent the native request. */
  answerJson(completion: ChatCompletion, native?: string): string;
  /** A gateway error in this API's error shape. */
  error(error: GatewayError, headers: Record<string, string>): Response;
  /** The upstream's own refusal of the request (400/413/422), passed on in this API's error shape. */
  refusal(failure: AttemptFailure, headers: Record<string, string>): Response;
  /** Request fields the door's parse left out (no chat counterpart), named on every attempt's `droppedParams`. */
  droppedParams?: string[];
  /** A parameter the door's translation cannot carry: translated attempts are refused naming it (native ones proceed). */
  untranslatable?: { param: string; message: string } | null;
  /** The client's body as sent, for the record, when the door translated it (else the chat request is recorded). */
  clientBody?: Record<string, unknown>;
  /** The client's request in its own API, by API name: sent as is to targets whose adapter speaks that API (`ProviderAdapter.native`). */
  nativeRequest?: NativeRequests;
  /** How the door's generations run in the request's object, for a door whose generations can. */
  durable?: DurableDoor;
}
