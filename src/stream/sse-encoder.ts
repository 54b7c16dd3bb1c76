const encoder = new TextEncoder();

/** One `data:` event, as bytes. `data` must be single-line (JSON is). */
export function sseData(data: string): Uint8Array {
  return encoder.encode(`data: ${data}\n\n`);
}

/** The terminal `data: [DONE]` event. */
export const SSE_DONE: Uint8Array = encoder.encode("data: [DONE]\n\n");

/** An SSE comment that keeps intermediaries from closing a quiet connection. */
export const SSE_KEEPALIVE: Uint8Array = encoder.encode(": keepalive\n\n");
