/**
 * Oversized answers for the faux provider's hostile scenarios (`endless-line`, `huge-body`).
 * Both are bounded in total, so a gateway that never stops reading still sees the answer end.
 */

const encoder = new TextEncoder();

/** Total filler bytes: above every size limit of the gateway (src/platform-limits.ts), yet finite. */
export const FAUX_FLOOD_BYTES = 64 * 1024 * 1024;
/** Filler is written in pieces of this size, so the reader's backpressure paces the writer. */
const PIECE_BYTES = 256 * 1024;

/** `total` bytes of `byte` (a letter for a line that never ends, a space for padding JSON), piece by piece. */
export function* filler(byte: "x" | " ", total: number = FAUX_FLOOD_BYTES): Generator<Uint8Array> {
  const piece = encoder.encode(byte.repeat(PIECE_BYTES));
  for (let sent = 0; sent < total; sent += piece.byteLength) {
    yield sent + piece.byteLength <= total ? piece : piece.subarray(0, total - sent);
  }
}

/** A JSON text and whitespace filler inserted before its last character: still one valid document. */
export function* paddedJson(json: unknown, suffix = ""): Generator<Uint8Array> {
  const text = JSON.stringify(json);
  yield encoder.encode(text.slice(0, -1));
  yield* filler(" ");
  yield encoder.encode(`${text.slice(-1)}${suffix}`);
}

/** A JSON text cut inside its (empty) `content` string, then filler letters that never close it. */
export function* endlessString(json: unknown): Generator<Uint8Array> {
  const text = JSON.stringify(json);
  const open = '"content":"';
  yield encoder.encode(text.slice(0, text.indexOf(open) + open.length));
  yield* filler("x");
}
