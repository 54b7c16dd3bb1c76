/**
 * The few protobuf wire encodings OTLP needs (varint, fixed64, length-delimited), written into one
 * growable buffer. No schema, no reflection and no `eval` (Workers forbid it), so a generated
 * protobuf runtime is not an option. A nested message is written in place and its length put in
 * front afterwards (one `copyWithin`), so encoding a request allocates almost nothing per field.
 */

const WIRE = { varint: 0, fixed64: 1, len: 2 } as const;
const UTF8 = new TextEncoder();
const UINT64_MASK = (1n << 64n) - 1n;
/** Integers below this are varint-encoded with number arithmetic; larger ones (and negatives) with BigInt. */
const SAFE_VARINT = 2 ** 53;

/** Bytes a varint of the non-negative `value` takes. */
function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

/** The value of a lowercase hex digit's char code (ids are validated lowercase hex before they get here). */
const hexDigit = (code: number) => (code <= 0x39 ? code - 0x30 : code - 0x57);

export class ProtoWriter {
  private buffer = new Uint8Array(1024);
  private view = new DataView(this.buffer.buffer);
  private at = 0;

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.at + bytes));
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  /** An unsigned LEB128 varint; a negative int64 as its 64-bit two's complement (ten bytes), as protobuf encodes it. */
  private varint(value: number | bigint): void {
    this.reserve(10);
    if (typeof value === "number" && value >= 0 && value < SAFE_VARINT) {
      let rest = value;
      while (rest >= 0x80) {
        this.buffer[this.at++] = (rest % 0x80) | 0x80;
        rest = Math.floor(rest / 0x80);
      }
      this.buffer[this.at++] = rest;
      return;
    }
    let rest = BigInt(value) & UINT64_MASK;
    while (rest > 0x7fn) {
      this.buffer[this.at++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.at++] = Number(rest);
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** An enum, bool, int32, int64 or uint64 field (a decimal string keeps an int64 exact beyond 2^53). */
  uint(field: number, value: number | bigint | string | boolean): this {
    this.tag(field, WIRE.varint);
    if (typeof value === "boolean") this.varint(value ? 1 : 0);
    else if (typeof value === "string") {
      const number = Number(value);
      this.varint(Number.isSafeInteger(number) && number >= 0 ? number : BigInt(value));
    } else this.varint(value);
    return this;
  }

  /** A `fixed64` field (OTLP's nanosecond timestamps), little-endian. */
  fixed64(field: number, value: bigint | string): this {
    this.tag(field, WIRE.fixed64);
    this.reserve(8);
    this.view.setBigUint64(this.at, BigInt(value) & UINT64_MASK, true);
    this.at += 8;
    return this;
  }

  /** A packed `repeated fixed64` (a histogram's bucket counts). */
  packedFixed64(field: number, values: readonly (bigint | string)[]): this {
    return this.message(field, () => {
      this.reserve(8 * values.length);
      for (const value of values) {
        this.view.setBigUint64(this.at, BigInt(value) & UINT64_MASK, true);
        this.at += 8;
      }
    });
  }

  /** A packed `repeated double` (a histogram's bounds). */
  packedDouble(field: number, values: readonly number[]): this {
    return this.message(field, () => {
      this.reserve(8 * values.length);
      for (const value of values) {
        this.view.setFloat64(this.at, value, true);
        this.at += 8;
      }
    });
  }

  /** A `double` field, little-endian IEEE 754. */
  double(field: number, value: number): this {
    this.tag(field, WIRE.fixed64);
    this.reserve(8);
    this.view.setFloat64(this.at, value, true);
    this.at += 8;
    return this;
  }

  /** A length-delimited field of raw bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE.len);
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.at);
    this.at += value.length;
    return this;
  }

  string(field: number, value: string): this {
    // Attribute names and most values are ASCII: copied char by char, without a TextEncoder call each.
    let ascii = value.length < 0x80;
    for (let i = 0; ascii && i < value.length; i++) ascii = value.charCodeAt(i) < 0x80;
    if (!ascii) return this.bytes(field, UTF8.encode(value));
    this.tag(field, WIRE.len);
    this.reserve(value.length + 1);
    this.buffer[this.at++] = value.length;
    for (let i = 0; i < value.length; i++) this.buffer[this.at++] = value.charCodeAt(i);
    return this;
  }

  /** Bytes spelled in lowercase hex (a trace or span id). */
  hex(field: number, value: string): this {
    const length = value.length >> 1;
    this.tag(field, WIRE.len);
    this.varint(length);
    this.reserve(length);
    for (let i = 0; i < length; i++)
      this.buffer[this.at++] = (hexDigit(value.charCodeAt(2 * i)) << 4) | hexDigit(value.charCodeAt(2 * i + 1));
    return this;
  }

  /** A nested message: `write` adds its fields, then its length goes in front of them. */
  message(field: number, write: (writer: this) => void): this {
    this.tag(field, WIRE.len);
    const start = this.at;
    write(this);
    const length = this.at - start;
    const prefix = varintSize(length);
    this.reserve(prefix);
    this.buffer.copyWithin(start + prefix, start, this.at);
    this.at = start;
    this.varint(length);
    this.at = start + prefix + length;
    return this;
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.at);
  }
}
