import { joinBytes } from "../../stream/join-bytes.ts";

const NOT_YET = Symbol("not yet");
/** Settles on the next turn of the event loop: what is not ready by then is not part of this burst. */
const nextTurn = () => new Promise<typeof NOT_YET>((resolve) => setTimeout(() => resolve(NOT_YET), 0));

/**
 * Frames joined into one write, up to `size` at a time: those ready at once. A gap, a stall or a
 * fault ends a burst early, so they land where they would without bursts (a hang is mid-stream).
 */
export async function* inBursts(frames: AsyncGenerator<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let held: Uint8Array[] = [];
  const release = () => {
    const out = joinBytes(held);
    held = [];
    return out;
  };
  let next = frames.next();
  for (;;) {
    let ready: IteratorResult<Uint8Array> | typeof NOT_YET;
    try {
      ready = held.length === 0 ? await next : await Promise.race([next, nextTurn()]);
    } catch (error) {
      // The frames before a dropped connection still go out, as they would one by one.
      if (held.length > 0) yield release();
      throw error;
    }
    if (ready === NOT_YET) {
      yield release();
      continue;
    }
    if (ready.done) break;
    held.push(ready.value);
    next = frames.next();
    if (held.length >= size) yield release();
  }
  if (held.length > 0) yield release();
}
