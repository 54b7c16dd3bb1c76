/**
 * The few protobuf wire encodings OTLP needs (varint, fixed64, length-delimited), as pure
 * functions returning bytes: a message is the concatenation of its fields. No schema, no
 * reflection and no `eval` (Workers forbid it), so a generated protobuf runtime is not an option.
 */

const WIRE = { varint: 0, fixed64: 1, len: 2, fixed32: 5 } as const;
const UTF8 = new TextEncoder();
const UINT64_MASK = (1n << 64n) - 1n;

/** An unsigned LEB128 varint. A negative int64 is its 64-bit two's complement (ten bytes), as protobuf encodes it. */
export function varint(value: number | bigint): Uint8Array {
  let rest = BigInt(value) & UINT64_MASK;
  const bytes: number[] = [];
  while (rest > 0x7fn) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Uint8Array.from(bytes);
}

const tag = (field: number, wire: number) => varint((field << 3) | wire);

/** Byte arrays joined in order. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A length-delimited field: an embedded message, a string's UTF-8 or raw bytes. */
export function lenField(field: number, payload: Uint8Array): Uint8Array {
  return concat([tag(field, WIRE.len), varint(payload.length), payload]);
}

/** A nested message from its encoded fields. */
export function messageField(field: number, fields: readonly Uint8Array[]): Uint8Array {
  return lenField(field, concat(fields));
}

export function stringField(field: number, value: string): Uint8Array {
  return lenField(field, UTF8.encode(value));
}

/** An enum, bool, int32, int64 or uint64 field (a decimal string keeps an int64 exact beyond 2^53). */
export function varintField(field: number, value: number | bigint | string | boolean): Uint8Array {
  const integer = typeof value === "boolean" ? (value ? 1n : 0n) : BigInt(value);
  return concat([tag(field, WIRE.varint), varint(integer)]);
}

/** A `fixed64` field (OTLP's nanosecond timestamps), little-endian. */
export function fixed64Field(field: number, value: bigint | string): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value) & UINT64_MASK, true);
  return concat([tag(field, WIRE.fixed64), bytes]);
}

/** A `double` field, little-endian IEEE 754. */
export function doubleField(field: number, value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return concat([tag(field, WIRE.fixed64), bytes]);
}

/** Lowercase hex (a trace or span id) as the bytes it spells. */
export function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
