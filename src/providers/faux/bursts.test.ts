import { describe, expect, it } from "vitest";
import { readChunks } from "../../../test/support/byte-stream.ts";
import { handleFauxRequest } from "./faux-server.ts";

const decoder = new TextDecoder();

function streamOf(model: string): Promise<Response> {
  return handleFauxRequest(
    new Request("http://faux/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "hi" }] }),
    }),
  );
}

/** Each network write's events, as the count of `data:` events in it. */
async function eventsPerWrite(body: ReadableStream<Uint8Array>): Promise<number[]> {
  const writes = await readChunks(body, 100);
  return writes.map((write) => write.split("\n\n").filter((event) => event.startsWith("data: ")).length);
}

describe("faux burst-N", () => {
  it("sends N events per write (the role preamble, 20 words, the stop chunk and [DONE]: 23 events)", async () => {
    const res = await streamOf("words-20+burst-5");
    expect(await eventsPerWrite(res.body as ReadableStream<Uint8Array>)).toEqual([5, 5, 5, 5, 3]);
  });

  it("ends a burst early at a fault: the events before a hang arrive, the hang comes after them", async () => {
    const res = await streamOf("words-20+burst-10+hang-after-3");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = decoder.decode((await reader.read()).value);
    expect(first.split("\n\n").filter((event) => event.startsWith("data: "))).toHaveLength(4);
    await reader.cancel();
  });
});
