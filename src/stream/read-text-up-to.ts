/**
 * Reads a body as UTF-8 text, stopping once more than `maxBytes` have arrived: `overflowed`
 * then says the body was longer, and the rest is never read. The body is cancelled either way,
 * so the connection closes as soon as the reader is done with it.
 */
export async function readTextUpTo(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ text: string; overflowed: boolean }> {
  if (!body) return { text: "", overflowed: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const room = maxBytes - bytes;
      bytes += value.byteLength;
      if (value.byteLength > room) {
        parts.push(decoder.decode(value.subarray(0, Math.max(0, room)), { stream: true }));
        return { text: parts.join(""), overflowed: true };
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return { text: parts.join(""), overflowed: false };
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * A response's body as text, up to `maxBytes`: in one native read when its Content-Length says it
 * fits (and no Content-Encoding can make it larger), else chunk by chunk as above. Reading chunks
 * in JavaScript costs a crossing per network read; most answers declare their length.
 */
export async function readResponseTextUpTo(response: Response, maxBytes: number): Promise<{ text: string; overflowed: boolean }> {
  const declared = response.headers.get("content-length");
  const encoding = response.headers.get("content-encoding");
  const fits = declared !== null && /^\d+$/.test(declared) && Number(declared) <= maxBytes;
  if (fits && (encoding === null || encoding === "identity")) return { text: await response.text(), overflowed: false };
  return readTextUpTo(response.body, maxBytes);
}
