// Covers sse-decoder.ts (SseDecoder size limits, decodeBody) and read-text-up-to.ts: every bound on what an upstream may send.
import { describe, expect, it } from "vitest";
import { collect, streamOf } from "../../test/support/byte-stream.ts";
import { readTextUpTo } from "./read-text-up-to.ts";
import { decodeBody, SseDecoder } from "./sse-decoder.ts";
import { UpstreamTooLargeError } from "./upstream-too-large.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("SseDecoder size limits", () => {
  it("throws on a line longer than the limit before the line ends, however it is cut", () => {
    const decoder = new SseDecoder(10);
    expect(decoder.push(bytes("data: 1234"))).toEqual([]);
    expect(() => decoder.push(bytes("5"))).toThrow(UpstreamTooLargeError);
  });

  it("accepts a line exactly at the limit (the field name counts)", () => {
    const decoder = new SseDecoder(16);
    expect(decoder.push(bytes("data: 1234567890\n\n")).map((m) => m.data)).toEqual(["1234567890"]);
    expect(() => decoder.push(bytes("data: 12345678901\n"))).toThrow(/an SSE line larger than 16 characters/);
  });

  it("throws on an event whose data lines together exceed the limit", () => {
    const decoder = new SseDecoder(10);
    expect(decoder.push(bytes("data: 1234\ndata: 5678\n"))).toEqual([]);
    expect(() => decoder.push(bytes("data: 9\n"))).toThrow(/an SSE event larger than 10 characters/);
  });

  it("counts each event afresh", () => {
    const decoder = new SseDecoder(16);
    for (let i = 0; i < 5; i++) expect(decoder.push(bytes("data: 1234567890\n\n"))).toHaveLength(1);
  });
});

describe("decodeBody", () => {
  it("cancels the body when decoding throws, and the reader sees the error", async () => {
    let cancelled: unknown = null;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes("x".repeat(64)));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const decoder = new SseDecoder(100);
    const items = decodeBody(
      body,
      (chunk) => decoder.push(chunk),
      () => decoder.end(),
    );
    await expect(collect(items)).rejects.toBeInstanceOf(UpstreamTooLargeError);
    expect(cancelled).toBeInstanceOf(UpstreamTooLargeError);
  });
});

describe("readTextUpTo", () => {
  it("reads a body within the limit whole, across multi-byte characters cut in two", async () => {
    const data = bytes("héllo 👋");
    expect(await readTextUpTo(streamOf(data, [2, 8]), data.length)).toEqual({ text: "héllo 👋", overflowed: false });
  });

  it("stops past the limit without reading the rest, and cancels the body", async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(bytes("0123456789"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const read = await readTextUpTo(endless, 25);
    expect(read).toEqual({ text: "0123456789012345678901234", overflowed: true });
    expect(pulls).toBeLessThan(6);
    expect(cancelled).toBe(true);
  });

  it("an empty body is empty text", async () => {
    expect(await readTextUpTo(null, 10)).toEqual({ text: "", overflowed: false });
  });
});
