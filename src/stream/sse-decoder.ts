import { LineDecoderStream } from "./line-decoder.ts";

/** One dispatched server-sent event. */
export interface SseMessage {
  event: string | null;
  data: string;
  id: string | null;
}

/**
 * Assembles lines into SSE messages per the WHATWG rules: multi-line `data:` joined by "\n",
 * comments (`:`) dropped, a blank line dispatches, an event without data is not dispatched.
 */
export class SseMessageStream extends TransformStream<string, SseMessage> {
  constructor() {
    let data: string[] = [];
    let event: string | null = null;
    let id: string | null = null;
    const dispatch = (controller: TransformStreamDefaultController<SseMessage>) => {
      if (data.length > 0) controller.enqueue({ event, data: data.join("\n"), id });
      data = [];
      event = null;
    };
    super({
      transform(line, controller) {
        if (line === "") return dispatch(controller);
        if (line.startsWith(":")) return;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "data") data.push(value);
        else if (field === "event") event = value;
        else if (field === "id") id = value;
      },
      // A stream that ends without the final blank line still delivers its last event.
      flush(controller) {
        dispatch(controller);
      },
    });
  }
}

/** Bytes → SSE messages: UTF-8 decoding, line framing and event assembly as one chain. */
export function decodeSse(body: ReadableStream<Uint8Array>): ReadableStream<SseMessage> {
  return body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new LineDecoderStream())
    .pipeThrough(new SseMessageStream());
}
