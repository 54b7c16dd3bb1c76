/** Test helpers for byte streams: replay recorded wire data in pieces, collect a stream. */

/** A byte stream delivering `data` in pieces cut at the given offsets (awkward boundaries on purpose). */
export function streamOf(data: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < data.length).sort((a, b) => a - b), data.length];
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i + 1 < bounds.length; i++) controller.enqueue(data.slice(bounds[i], bounds[i + 1]));
      controller.close();
    },
  });
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

/** Every chunk a byte stream delivers, decoded as text, one entry per chunk (bounded: it must end within `maxReads`). */
export async function readChunks(body: ReadableStream<Uint8Array>, maxReads = 50): Promise<string[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for (let i = 0; i < maxReads; i++) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
  throw new Error("the stream did not end");
}
