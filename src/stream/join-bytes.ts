/**
 * Chunks joined into one (one write instead of several). Consecutive views of one buffer (the
 * events of one network read) become one view of it, without a copy.
 */
export function joinBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const first = chunks[0];
  if (!first) return new Uint8Array(0);
  let end = first.byteOffset + first.byteLength;
  for (let i = 1; i < chunks.length && end >= 0; i++) {
    const chunk = chunks[i] as Uint8Array;
    end = chunk.buffer === first.buffer && chunk.byteOffset === end ? end + chunk.byteLength : -1;
  }
  if (end >= 0) return new Uint8Array(first.buffer, first.byteOffset, end - first.byteOffset);
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
