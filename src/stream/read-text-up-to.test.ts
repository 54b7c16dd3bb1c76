import { describe, expect, it } from "vitest";
import { readResponseTextUpTo, readTextUpTo } from "./read-text-up-to.ts";

const body = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

describe("reading an upstream body, bounded", () => {
  it("reads chunks up to the bound and says when the body was longer", async () => {
    expect(await readTextUpTo(body("héllo ", "world"), 100)).toEqual({ text: "héllo world", overflowed: false });
    expect(await readTextUpTo(body("0123456789", "abcdef"), 12)).toEqual({ text: "0123456789ab", overflowed: true });
  });

  it("a response whose Content-Length fits is read whole", async () => {
    const response = new Response(body('{"ok":true}'), { headers: { "content-length": "11" } });
    expect(await readResponseTextUpTo(response, 100)).toEqual({ text: '{"ok":true}', overflowed: false });
  });

  it("a response that declares more than the bound, none, or an encoding is still cut at the bound", async () => {
    const tooLong = new Response(body("0123456789", "abcdef"), { headers: { "content-length": "16" } });
    expect(await readResponseTextUpTo(tooLong, 12)).toEqual({ text: "0123456789ab", overflowed: true });
    const undeclared = new Response(body("0123456789", "abcdef"));
    expect(await readResponseTextUpTo(undeclared, 12)).toEqual({ text: "0123456789ab", overflowed: true });
    // A compressed body's length says nothing about its decoded size.
    const encoded = new Response(body("0123456789", "abcdef"), { headers: { "content-length": "4", "content-encoding": "gzip" } });
    expect(await readResponseTextUpTo(encoded, 12)).toEqual({ text: "0123456789ab", overflowed: true });
  });
});
